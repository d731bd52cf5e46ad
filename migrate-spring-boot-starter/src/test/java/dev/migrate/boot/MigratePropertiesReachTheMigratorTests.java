package dev.migrate.boot;

import static dev.migrate.boot.MigrateAutoConfigurationTests.messages;
import static dev.migrate.boot.TestSupport.migration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Each property that changes how a run goes reaches the Migrator: shown by what the run does, not
 * by the bound properties ({@code MigrateAutoConfigurationTests.propertiesBind} shows those). Each
 * case runs twice: set under {@code migrate.*}, and set in a {@code migrate.migrators.NAME} entry.
 * The PostgreSQL cases read the run's own session from inside a migration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigratePropertiesReachTheMigratorTests {

    /** Where a property is set. */
    enum Where {
        TOP("migrate."),
        ENTRY("migrate.migrators.main.");

        final String prefix;

        Where(String prefix) {
            this.prefix = prefix;
        }
    }

    private TestDatabase postgres;
    private int counter;

    @TempDir
    Path temp;

    @BeforeAll
    void createDatabase() {
        postgres = TestDatabase.postgres("reach");
    }

    @AfterAll
    void dropDatabase() {
        postgres.close();
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void validateChecksumsFalseLetsAnEditedAppliedFileThrough(Where where) throws Exception {
        Path dir = folder();
        String url = TestSupport.h2Url();
        migration(dir, "1_things.sql", "-- +migrate Up\ncreate table things (id int);\n");
        h2(url, dir).run(context -> assertThat(context).hasNotFailed());
        migration(dir, "1_things.sql", "-- +migrate Up\ncreate table things (id int, note int);\n");

        h2(url, dir)
                .run(context -> assertThat(context)
                        .as("with the default the edit fails start-up")
                        .hasFailed());
        h2(url, dir, where.prefix + "validate-checksums=false")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void retryFailedTrueRunsAFileMarkedFailedAgain(Where where) throws Exception {
        Path dir = folder();
        String url = TestSupport.h2Url();
        migration(dir, "1_two_steps.sql", """
                -- +migrate Up notransaction
                create table if not exists first_step (id int);
                insert into second_step values (1);
                """);
        h2(url, dir).run(context -> assertThat(context).hasFailed());
        h2(url, dir)
                .run(context -> assertThat(context)
                        .as("with the default a file marked failed is refused")
                        .hasFailed());
        execute(url, "create table second_step (id int)");

        h2(url, dir, where.prefix + "retry-failed=true").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JdbcTemplate.class)
                            .queryForObject("select count(*) from second_step", Long.class))
                    .isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void lockTypeChoosesTheLock(Where where) {
        String table = "history_" + (++counter);
        Path dir = folder();
        migration(dir, "1_nothing.sql", "-- +migrate Up\nselect 1;\n");

        postgres(dir, table, where.prefix + "lock.type=table-lease").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(count(
                            context.getBean(JdbcTemplate.class),
                            "select count(*) from information_schema.tables" + " where table_name = '" + table
                                    + "_lock'"))
                    .as("the lease table")
                    .isEqualTo(1);
        });
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void lockKeyIsTheAdvisoryKeyTheRunHolds(Where where) {
        String table = "history_" + (++counter);
        long key = 7_340_021_913L + counter;
        Path dir = folder();
        migration(dir, "1_lock_seen.sql", """
                -- +migrate Up
                create table lock_seen_%1$s as select (classid::bigint << 32) | objid::bigint as lock_key
                 from pg_locks where locktype = 'advisory' and granted and objsubid = 1 and pid = pg_backend_pid();
                """.formatted(table));

        postgres(dir, table, where.prefix + "lock.key=" + key).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(JdbcTemplate.class)
                            .queryForList("select lock_key from lock_seen_" + table, Long.class))
                    .containsExactly(key);
        });
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void applicationNameNamesTheRunsSession(Where where) {
        String table = "history_" + (++counter);
        Path dir = folder();
        migration(dir, "1_seen.sql", """
                -- +migrate Up
                create table seen_%1$s as select current_setting('application_name') as seen;
                """.formatted(table));

        postgres(dir, table, where.prefix + "application-name=orders-migrate").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(seen(context.getBean(JdbcTemplate.class), table)).isEqualTo("orders-migrate");
        });
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void connectionCheckIntervalIsTheRunsSessionsCheckInterval(Where where) {
        String table = "history_" + (++counter);
        Path dir = folder();
        migration(dir, "1_seen.sql", """
                -- +migrate Up
                create table seen_%1$s as select current_setting('client_connection_check_interval') as seen;
                """.formatted(table));

        postgres(dir, table, where.prefix + "lock.connection-check-interval=7s").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(seen(context.getBean(JdbcTemplate.class), table)).isEqualTo("7s");
        });
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void ddlLintFailRefusesDangerousDdl(Where where) throws Exception {
        String table = "history_" + (++counter);
        String busy = "busy_" + counter;
        Path dir = folder();
        try (var connection = postgres.connect();
                var statement = connection.createStatement()) {
            statement.execute("create table " + busy + " (id int, name text)");
        }
        migration(dir, "1_index.sql", "-- +migrate Up\ncreate index idx_" + busy + " on " + busy + " (name);\n");

        postgres(dir, table, where.prefix + "ddl.lint=fail").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure()))
                    .contains("1_index.sql:2: create index on existing table " + busy)
                    .contains("safer: create index concurrently");
        });
        try (var connection = postgres.connect();
                var statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "select count(*) from pg_indexes where indexname = 'idx_" + busy + "'")) {
            rows.next();
            assertThat(rows.getLong(1)).as("the index").isZero();
        }
    }

    private Path folder() {
        try {
            return Files.createDirectories(temp.resolve("migrations_" + (++counter)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ApplicationContextRunner h2(String url, Path dir, String... properties) {
        List<String> all =
                new ArrayList<>(List.of("spring.datasource.url=" + url, "migrate.locations=filesystem:" + dir));
        all.addAll(List.of(properties));
        return TestSupport.h2Runner().withPropertyValues(all.toArray(String[]::new));
    }

    private ApplicationContextRunner postgres(Path dir, String table, String property) {
        return TestSupport.h2Runner()
                .withPropertyValues(
                        "spring.datasource.url=" + postgres.url(),
                        "spring.datasource.username=" + postgres.user(),
                        "spring.datasource.password=" + postgres.password(),
                        "migrate.locations=filesystem:" + dir,
                        "migrate.table=" + table,
                        property);
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        Long count = jdbc.queryForObject(sql, Long.class);
        return count == null ? 0 : count;
    }

    private static String seen(JdbcTemplate jdbc, String table) {
        return jdbc.queryForObject("select seen from seen_" + table, String.class);
    }

    private static void execute(String url, String sql) throws Exception {
        try (var connection = java.sql.DriverManager.getConnection(url, "sa", "");
                var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
