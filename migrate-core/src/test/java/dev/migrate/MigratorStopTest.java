package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Migrator#stop}, what a shutdown hook calls on SIGTERM, on PostgreSQL: the running
 * statement is cancelled on the server, the migration rolls back (or is marked failed), the lock is
 * released, and a lock wait ends.
 */
class MigratorStopTest {

    /** Advisory locks granted in this test's database (other test classes run beside it). */
    private static final String ADVISORY_LOCKS = "select count(*) from pg_locks where locktype = 'advisory' and granted"
            + " and database = (select oid from pg_database where datname = current_database())";

    @TempDir
    Path temp;

    private TestDatabase db;

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.postgres("stop");
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void stopCancelsTheRunningStatementRollsBackAndReleasesTheLock() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("m"))
                .add("1_slow.sql", "create table slow_t (id int);\nselect pg_sleep(60);", "drop table slow_t;");
        Migrator migrator = migrator(folder, "stop-tx");
        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(migrator::up);
        try (Connection observer = db.connect()) {
            awaitSleeping(observer, "stop-tx");

            assertThat(migrator.stop(Duration.ofSeconds(10))).isTrue();

            assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(MigrationExecutionException.class)
                    .hasMessageContaining("1_slow.sql:3")
                    .hasMessageContaining("canceling statement due to user request");
            assertThat(count(
                            observer,
                            "select count(*) from pg_stat_activity where query like 'select pg_sleep%'"
                                    + " and state = 'active' and application_name = 'stop-tx'"))
                    .isZero();
            assertThat(count(observer, ADVISORY_LOCKS)).isZero();
            assertThat(count(observer, "select count(*) from information_schema.tables where table_name = 'slow_t'"))
                    .as("rolled back")
                    .isZero();
            assertThat(strings(observer, "select id from gorp_migrations")).isEmpty();
        }
    }

    @Test
    void aStoppedNotransactionMigrationIsMarkedFailed() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("m"))
                .add(
                        "1_slow.sql",
                        "-- +migrate Up notransaction\ncreate table slow_t (id int);\nselect pg_sleep(60);\n"
                                + "-- +migrate Down\ndrop table slow_t;\n");
        Migrator migrator = migrator(folder, "stop-nt");
        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(migrator::up);
        try (Connection observer = db.connect()) {
            awaitSleeping(observer, "stop-nt");

            assertThat(migrator.stop(Duration.ofSeconds(10))).isTrue();

            assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOfSatisfying(
                            MigrationExecutionException.class,
                            e -> assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.MARKED_FAILED));
            assertThat(migrator.status().failed()).extracting(MigrationInfo::id).containsExactly("1_slow.sql");
            assertThat(count(observer, ADVISORY_LOCKS)).isZero();
        }
    }

    @Test
    void stopEndsAWaitForTheLock() throws Exception {
        MigrationFolder folder =
                new MigrationFolder(temp.resolve("m")).add("1_slow.sql", "select pg_sleep(60);", "select 1;");
        Migrator holder = migrator(folder, "stop-holder");
        Migrator waiter = migrator(folder, "stop-waiter");
        CompletableFuture<MigrateResult> held = CompletableFuture.supplyAsync(holder::up);
        try (Connection observer = db.connect()) {
            awaitSleeping(observer, "stop-holder");
            CompletableFuture<MigrateResult> waiting = CompletableFuture.supplyAsync(waiter::up);
            Eventually.until(
                    "the waiter polling for the lock",
                    () -> count(
                                    observer,
                                    "select count(*) from pg_stat_activity where application_name = 'stop-waiter'")
                            > 0);

            assertThat(waiter.stop(Duration.ofSeconds(10))).isTrue();
            assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("the process is stopping");
            assertThat(held).as("the holder runs on").isNotDone();
        } finally {
            holder.stop(Duration.ofSeconds(10));
        }
    }

    @Test
    void stopEndsAPauseBetweenDdlLockRetries() throws Exception {
        try (Connection setup = db.connect();
                Statement statement = setup.createStatement()) {
            statement.execute("create table busy (id int)");
        }
        MigrationFolder folder = new MigrationFolder(temp.resolve("m"))
                .add("1_add.sql", "alter table busy add column v int;", "alter table busy drop column v;");
        CountDownLatch retried = new CountDownLatch(1);
        // the first pause lasts about the lock timeout (5 s, jitter 0.75 to 1.25)
        Migrator migrator = Migrator.builder(db.dataSource())
                .locations(folder.location())
                .applicationName("stop-ddl")
                .ddlLockTimeout(Duration.ofSeconds(5))
                .ddlRetryBudget(Duration.ofMinutes(5))
                .ddlLockRetryListener(retry -> retried.countDown())
                .build();
        try (Connection blocker = db.connect();
                Statement reader = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            reader.execute("select count(*) from busy");
            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(migrator::up);
            assertThat(retried.await(60, TimeUnit.SECONDS)).as("a lock retry").isTrue();

            long start = System.nanoTime();
            assertThat(migrator.stop(Duration.ofSeconds(30))).isTrue();
            Duration stopped = Duration.ofNanos(System.nanoTime() - start);

            assertThat(stopped).as("not the rest of a pause of at least 3.75 s").isLessThan(Duration.ofMillis(2500));
            assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(MigrationExecutionException.class)
                    .hasMessageContaining("the process is stopping");
            assertThat(strings(blocker, "select id from gorp_migrations")).isEmpty();
            blocker.rollback();
        }
    }

    private Migrator migrator(MigrationFolder folder, String applicationName) {
        return Migrator.builder(db.dataSource())
                .locations(folder.location())
                .applicationName(applicationName)
                .build();
    }

    private static void awaitSleeping(Connection observer, String applicationName) throws Exception {
        Eventually.until(
                applicationName + " sleeping",
                () -> count(
                                observer,
                                "select count(*) from pg_stat_activity where state = 'active' and application_name = '"
                                        + applicationName + "' and query like 'select pg_sleep%'")
                        > 0);
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }
}
