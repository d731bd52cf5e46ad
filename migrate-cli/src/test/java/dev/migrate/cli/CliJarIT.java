package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.JarProcess;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code migrate-cli.jar} as a Job runs it: {@code java -jar}, settings in the environment. */
class CliJarIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private TestDatabase database;
    private Path directory;
    private Path work;

    @BeforeEach
    void setUp(@TempDir Path temp) {
        database = TestDatabase.postgres("clijar");
        work = temp;
        directory = temp.resolve("migrations");
        new MigrationFolder(directory)
                .add("20240101000000-users.sql", "create table users (id int primary key);", "drop table users;")
                .add("20240101000100-orders.sql", "create table orders (id int primary key);", "drop table orders;");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SPRING_DATASOURCE_URL", database.url());
        environment.put("SPRING_DATASOURCE_USERNAME", database.user());
        environment.put("SPRING_DATASOURCE_PASSWORD", database.password());
        environment.put("MIGRATE_LOCATIONS", "filesystem:" + directory);
        return environment;
    }

    private JarProcess start(Map<String, String> environment, String... args) throws Exception {
        return JarProcess.start(work, environment, List.of(), args);
    }

    @Test
    void upThenNoOpThenStatusAsJsonExitWithZero() throws Exception {
        try (JarProcess up = start(environment(), "up", "--limit", "1")) {
            assertThat(up.waitFor(TIMEOUT)).as(up.output()).isZero();
            assertThat(up.out()).contains("ran 1 migration up");
            assertThat(up.err()).contains("INFO  Applied 20240101000000-users.sql");
        }
        try (JarProcess rest = start(environment())) {
            assertThat(rest.waitFor(TIMEOUT)).as(rest.output()).isZero();
        }
        try (JarProcess noOp = start(environment(), "up")) {
            assertThat(noOp.waitFor(TIMEOUT)).as(noOp.output()).isZero();
            assertThat(noOp.out()).contains("schema is up to date");
        }
        try (JarProcess status = start(environment(), "status", "--output=json")) {
            assertThat(status.waitFor(TIMEOUT)).as(status.output()).isZero();
            // stdout holds the document alone; the log lines went to stderr
            assertThat(status.out()).startsWith("{\n  \"schemaVersion\": 1,").endsWith("}\n");
            assertThat(status.out()).contains("\"applied\": 2,");
        }
    }

    @Test
    void aWrongSettingExitsWithOneNamingTheVariable() throws Exception {
        Map<String, String> environment = environment();
        environment.put("MIGRATE_LOCK_TIMEOUT", "soon");
        try (JarProcess run = start(environment, "up")) {
            assertThat(run.waitFor(TIMEOUT)).as(run.output()).isEqualTo(1);
            assertThat(run.err()).contains("migrate: MIGRATE_LOCK_TIMEOUT='soon' is not a duration");
        }
    }

    @Test
    void validateExitsWithTwoOnAnEditedFile() throws Exception {
        try (JarProcess up = start(environment(), "up")) {
            assertThat(up.waitFor(TIMEOUT)).as(up.output()).isZero();
        }
        new MigrationFolder(directory)
                .add("20240101000000-users.sql", "create table users (id bigint primary key);", "drop table users;");
        try (JarProcess validate = start(environment(), "validate")) {
            assertThat(validate.waitFor(TIMEOUT)).as(validate.output()).isEqualTo(2);
        }
    }

    @Test
    void sigtermStopsARunningMigrationAndReleasesTheLock() throws Exception {
        new MigrationFolder(directory)
                .add("20240101000200-slow.sql", "-- +migrate Up\nselect pg_sleep(60);\n\n-- +migrate Down\n");
        try (JarProcess run = start(environment(), "up")) {
            Eventually.until(
                    "the slow migration runs", TIMEOUT, () -> run.err().contains("Applying 20240101000200-slow.sql"));
            long stopped = System.nanoTime();
            run.terminate();
            int code = run.waitFor(Duration.ofSeconds(20));
            Duration took = Duration.ofNanos(System.nanoTime() - stopped);
            assertThat(code).as(run.output()).isNotZero();
            assertThat(took).as(run.output()).isLessThan(Duration.ofSeconds(10));
            // the statement was cancelled and rolled back before the process ended, not cut off
            assertThat(run.err())
                    .contains("migration 20240101000200-slow.sql failed at line 2")
                    .contains("the migration was rolled back; nothing of it was recorded");
        }
        assertThat(applied()).containsExactly("20240101000000-users.sql", "20240101000100-orders.sql");
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from pg_locks where locktype = 'advisory'"
                        + " and database = (select oid from pg_database where datname = current_database())")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void theJarHoldsTheCoreAndTheDriversAndNothingOfSpring() throws Exception {
        try (JarFile jar = new JarFile(System.getProperty("sample.jar"))) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.migrate.cli.MigrateCli");
            List<String> names = jar.stream().map(entry -> entry.getName()).toList();
            assertThat(names)
                    .contains(
                            "dev/migrate/Migrator.class",
                            "org/postgresql/Driver.class",
                            "org/mariadb/jdbc/Driver.class",
                            "META-INF/services/java.lang.System$LoggerFinder");
            assertThat(names).noneMatch(name -> name.startsWith("org/springframework/"));
        }
    }

    private List<String> applied() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select id from gorp_migrations order by id")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }
}
