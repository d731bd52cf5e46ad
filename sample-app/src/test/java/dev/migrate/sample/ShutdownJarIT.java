package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.JarProcess;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * SIGTERM during a long migration statement, in each start-up mode of the packaged jar (and exit
 * mode before the context, {@code migrate.exit-before-context}): the
 * statement is cancelled on the server, the migration rolls back (or, without a transaction, is
 * marked), the advisory lock is free, and the process is gone within a few seconds with a non-zero
 * status. Kubernetes sends SIGTERM on a rolling update, a drain, an eviction or a hook Job's
 * deadline, and SIGKILL only after the grace period.
 */
class ShutdownJarIT {

    /** "A few seconds": the stop itself takes milliseconds; the rest is a loaded machine's JVM. */
    private static final Duration PROMPT = Duration.ofSeconds(10);

    /** A Spring Boot service with a web server may take a minute to start on a loaded machine. */
    private static final Duration START = Duration.ofSeconds(240);

    @TempDir
    Path work;

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("shutdownit");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @ParameterizedTest(name = "mode {0}, notransaction {1}")
    @CsvSource({"runner, false", "initializer, false", "exit, false", "exit, true", "exit-before-context, false"})
    void sigtermDuringALongStatementStopsTheMigrationPromptly(String mode, boolean noTransaction) throws Exception {
        Path dir = Files.createDirectory(work.resolve("migrations"));
        Files.writeString(
                dir.resolve("1_slow.sql"),
                "-- +migrate Up" + (noTransaction ? " notransaction" : "") + "\n"
                        + "create table slow_marker (id int);\n"
                        + "select pg_sleep(120);\n"
                        + "-- +migrate Down\ndrop table slow_marker;\n");
        String applicationName = "term-" + mode;
        boolean beforeContext = mode.equals("exit-before-context");
        try (JarProcess jar = JarProcess.start(
                work,
                "--migrate.mode=" + (beforeContext ? "exit" : mode),
                "--migrate.exit-before-context=" + beforeContext,
                "--migrate.locations=filesystem:" + dir,
                "--migrate.application-name=" + applicationName,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password())) {
            long backend = Eventually.value("the jar's migration sleeping in pg_sleep", START, () -> {
                assertThat(jar.isAlive()).as(jar.output()).isTrue();
                List<Long> pids = jdbc().queryForList(
                                "select pid from pg_stat_activity where application_name = ? and state = 'active'"
                                        + " and query like 'select pg_sleep%'",
                                Long.class, applicationName);
                return pids.isEmpty() ? null : pids.get(0);
            });
            assertThat(advisoryLocks()).as("the migrating jar holds the lock").isOne();

            long start = System.nanoTime();
            jar.terminate();
            int status = jar.waitFor(Duration.ofSeconds(60));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("mode " + mode + (noTransaction ? " (notransaction)" : "") + ": gone " + took.toMillis()
                    + " ms after SIGTERM, status " + status);

            assertThat(took)
                    .as("gone within a few seconds of SIGTERM\n" + jar.output())
                    .isLessThan(PROMPT);
            assertThat(status).as("a non-zero status\n" + jar.output()).isNotZero();
            Eventually.until(
                    "the statement cancelled on the server",
                    PROMPT,
                    () -> jdbc().queryForObject(
                                            "select count(*) from pg_stat_activity where pid = ? and state = 'active'"
                                                    + " and query like 'select pg_sleep%'",
                                            Long.class, backend)
                            == 0);
            Eventually.until("the advisory lock free", PROMPT, () -> advisoryLocks() == 0);
        }
        assertThat(jdbc().queryForList("select id from gorp_migrations", String.class))
                .as("nothing recorded as applied")
                .isEmpty();
        assertThat(table("slow_marker"))
                .as(noTransaction ? "without a transaction the first statement stayed" : "rolled back")
                .isEqualTo(noTransaction);
        if (noTransaction) {
            assertThat(jdbc().queryForList(
                                    "select state from gorp_migrations_migrate where id = '1_slow.sql'", String.class))
                    .as("marked: the next start refuses it until repair")
                    .singleElement()
                    .isIn("failed", "running");
        }
    }

    private long advisoryLocks() {
        Long count = jdbc().queryForObject(
                        "select count(*) from pg_locks where locktype = 'advisory' and granted"
                                + " and database = (select oid from pg_database where datname = current_database())",
                        Long.class);
        return count == null ? 0 : count;
    }

    private boolean table(String name) {
        Long count = jdbc().queryForObject(
                        "select count(*) from information_schema.tables where table_name = ?", Long.class, name);
        return count != null && count > 0;
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(database.dataSource());
    }
}
