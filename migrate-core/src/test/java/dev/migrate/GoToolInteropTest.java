package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Go CLI ({@code sql-migrate}, Debian's package) and migrate take turns on one PostgreSQL
 * database and folder: each sees what the other applied, neither applies anything twice, and they
 * reject the same broken files. Tagged {@code external-tools}: runs in the Maven profile of that
 * name (CI enables it), and fails there when the CLI is missing.
 */
@Tag("external-tools")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoToolInteropTest {

    private final TestDatabase database = TestDatabase.postgres("gointerop");
    private Path goTool;

    @TempDir
    Path temp;

    @BeforeAll
    void findGoTool() {
        String configured = System.getenv("SQL_MIGRATE");
        Path candidate = configured != null ? Path.of(configured) : onPath("sql-migrate");
        if (candidate == null || !Files.isExecutable(candidate)) {
            fail("The Go sql-migrate CLI is needed for the interop tests: apt-get install -y sql-migrate"
                    + " (bash .ci/run installs it), or set SQL_MIGRATE to its path");
        }
        goTool = candidate;
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    @Test
    void goAndMigrateTakeTurnsWithoutApplyingAnythingTwice() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("turns"));
        String table = "turns";
        folder.add("1_users.sql", "create table turn_users (id int primary key);", "drop table turn_users;");
        assertThat(go(folder, table, "up").output).contains("Applied 1 migration");

        folder.add("2_rows.sql", "insert into turn_users values (1);", "delete from turn_users;");
        Migrator migrator = Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table(table)
                .build();
        assertThat(migrator.up().executed()).extracting(ExecutedMigration::id).containsExactly("2_rows.sql");

        folder.add("3_more.sql", "insert into turn_users values (2);", "delete from turn_users where id = 2;");
        GoRun goUp = go(folder, table, "up");
        assertThat(goUp.exitCode).isZero();
        assertThat(goUp.output).contains("Applied 1 migration");

        GoRun status = go(folder, table, "status");
        assertThat(status.exitCode).isZero();
        assertThat(status.output)
                .contains("1_users.sql", "2_rows.sql", "3_more.sql")
                .doesNotContainPattern("\\|\\s*no\\s*\\|");

        assertThat(migrator.up().executed()).isEmpty();
        assertThat(migrator.status().applied()).hasSize(3);
        assertThat(migrator.status().pending()).isEmpty();
        assertThat(count("select count(*) from turn_users")).isEqualTo(2);
        assertThat(count("select count(*) from " + table)).isEqualTo(3);

        GoRun goDown = go(folder, table, "down");
        assertThat(goDown.exitCode).isZero();
        assertThat(migrator.status().pending()).extracting(MigrationInfo::id).containsExactly("3_more.sql");
        assertThat(migrator.up().executed()).extracting(ExecutedMigration::id).containsExactly("3_more.sql");
        assertThat(count("select count(*) from turn_users")).isEqualTo(2);
    }

    static Stream<Arguments> brokenFiles() {
        return Stream.of(
                Arguments.of("missing semicolon at the end", "-- +migrate Up\ncreate table a (id int)\n"),
                Arguments.of(
                        "statement not ended before Down",
                        "-- +migrate Up\ncreate table a (id int)\n-- +migrate Down\ndrop table a;\n"),
                Arguments.of("no Up or Down directive", "create table a (id int);\n"),
                Arguments.of(
                        "block open at the end",
                        "-- +migrate Up\n-- +migrate StatementBegin\ncreate table a (id int);\n"),
                Arguments.of("incomplete directive", "-- +migrate \ncreate table a (id int);\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenFiles")
    void bothRejectTheSameBrokenFile(String problem, String content) throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("broken-" + problem.replace(' ', '-')));
        folder.add("1_broken.sql", content);
        String table = "broken_" + Math.abs(problem.hashCode());

        GoRun go = go(folder, table, "up");
        assertThat(go.exitCode).as(go.output).isNotZero();
        assertThat(go.output).contains("1_broken.sql");

        assertThatThrownBy(() -> Migrator.builder(database.dataSource())
                        .locations(folder.location())
                        .table(table)
                        .build()
                        .up())
                .isInstanceOfSatisfying(
                        MigrationParseException.class, e -> assertThat(e.file()).isEqualTo("1_broken.sql"));
    }

    @Test
    void bothAcceptTheSameTrickyFile() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("tricky"));
        folder.add(
                "1_tricky.sql",
                "-- a comment before any directive\n-- +migrate Up\n-- +migrate StatementBegin\n"
                        + "create function tricky_fn() returns int as $$\nbegin\n  return 1;\nend;\n$$ language plpgsql;\n"
                        + "-- +migrate StatementEnd\ncreate table tricky (id int); -- note\n"
                        + "insert into tricky values (1);\n-- +migrate Down\ndrop table tricky;\ndrop function tricky_fn;\n");
        folder.add("2_go.sql", "select 1;", "select 1;");
        GoRun go = go(folder, "tricky_history", "up", "-limit=1");
        assertThat(go.exitCode).as(go.output).isZero();

        Migrator migrator = Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table("tricky_history")
                .build();
        assertThat(migrator.redo().executed()).hasSize(2);
        assertThat(migrator.up().executed()).extracting(ExecutedMigration::id).containsExactly("2_go.sql");
        assertThat(count("select tricky_fn()")).isEqualTo(1);
        assertThat(go(folder, "tricky_history", "status").exitCode).isZero();
    }

    private GoRun go(MigrationFolder folder, String table, String... command) throws IOException, InterruptedException {
        URI uri = URI.create(database.url().substring("jdbc:".length()));
        Path config = temp.resolve("dbconfig-" + table + ".yml");
        Files.writeString(
                config,
                "test:\n  dialect: postgres\n  datasource: host=" + uri.getHost() + " port=" + uri.getPort()
                        + " user=" + database.user() + " dbname=" + database.name() + " sslmode=disable"
                        + (database.password().isEmpty() ? "" : " password=" + database.password()) + "\n  dir: "
                        + folder.directory().toAbsolutePath() + "\n  table: " + table + "\n");
        List<String> args = new ArrayList<>(List.of(goTool.toString(), command[0], "-config=" + config, "-env=test"));
        args.addAll(List.of(command).subList(1, command.length));
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("sql-migrate " + String.join(" ", command) + " did not finish in 60 s");
        }
        return new GoRun(
                process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private long count(String sql) throws Exception {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static Path onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private record GoRun(int exitCode, String output) {}
}
