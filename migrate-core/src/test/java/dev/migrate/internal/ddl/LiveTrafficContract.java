package dev.migrate.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.migrate.DdlLockRetry;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationExecutionException;
import dev.migrate.Migrator;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A session holds a lock on a busy table while a migration alters it: the application's queries
 * on the table keep answering (each waits about the lock timeout at most), the migration retries
 * and succeeds once the blocker ends, and a blocker that outlives the retry budget fails the run
 * naming it. One subclass per database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveTrafficContract {

    /** How long the blocking session holds its lock in the scenario the issue describes. */
    static final Duration BLOCKER_HOLDS = Duration.ofSeconds(10);

    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);

    private final TestDatabase database;
    private int counter;
    private String history;
    String table;

    @TempDir
    Path temp;

    MigrationFolder folder;

    LiveTrafficContract(TestDatabase database) {
        this.database = database;
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void freshTables() throws Exception {
        counter++;
        history = "history_" + counter;
        table = "user_data_" + counter;
        folder = new MigrationFolder(temp.resolve("migrations_" + counter));
        execute("create table " + table + " (id int primary key, name varchar(50))");
        execute("insert into " + table + " values (1, 'a'), (2, 'b'), (3, 'c')");
    }

    /**
     * Starts a transaction that reads {@code table} (taking the weakest table lock) and names its
     * session; the read carries a comment {@code password 'hunter2'} that no message may show.
     */
    abstract void holdReadLock(Statement blocker, String table, String name) throws SQLException;

    /** What the failure message says about the blocking session. */
    abstract String blockerIdentity(Connection blocker, String name) throws SQLException;

    /** An SQL expression for the schema (MariaDB: the database) the test's tables are in. */
    abstract String currentSchema();

    /** A statement that gives a session a lock wait of its own, {@code seconds} long. */
    abstract String setSessionLockWait(long seconds);

    /** An SQL expression for the session's lock wait, as the database shows it. */
    abstract String sessionLockWait();

    /** How {@link #sessionLockWait()} shows a lock wait of {@code wait}. */
    abstract String shown(Duration wait);

    Migrator.Builder migrator(List<DdlLockRetry> retries) {
        return Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table(history)
                .ddlLockTimeout(LOCK_TIMEOUT)
                .ddlLockRetryListener(retries::add);
    }

    @Test
    void queriesKeepAnsweringWhileTheMigrationWaitsOutABlockerAndItSucceedsOnceTheBlockerEnds() throws Exception {
        folder.add(
                "1_add_version.sql",
                "alter table " + table + " add column version bigint not null default 1;",
                "alter table " + table + " drop column version;");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();
        try (Connection blocker = database.connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            String identity = blockerIdentity(blocker, "report-" + counter);
            holdReadLock(statement, table, "report-" + counter);
            long blockerStart = System.nanoTime();
            CompletableFuture<MigrateResult> migration = CompletableFuture.supplyAsync(() -> migrator(retries)
                    .ddlRetryBudget(Duration.ofMinutes(2))
                    .build()
                    .up());
            Traffic traffic = Traffic.start(database, table);
            try {
                waitFor(() -> !retries.isEmpty(), Duration.ofSeconds(30));
                while (System.nanoTime() - blockerStart < BLOCKER_HOLDS.toNanos()) {
                    assertThat(migration).isNotDone();
                    Thread.sleep(200);
                }
                blocker.commit();
                MigrateResult result = migration.get(60, TimeUnit.SECONDS);

                assertThat(result.count()).isEqualTo(1);
                assertThat(result.lockRetries()).isGreaterThanOrEqualTo(2).isEqualTo(retries.size());
                assertThat(retries.get(0).blockers())
                        .anySatisfy(b -> assertThat(b).contains(identity));
                assertThat(retries)
                        .allSatisfy(r -> assertThat(r.wholeMigration())
                                .isEqualTo(database.kind() == TestDatabase.Kind.POSTGRESQL));
                assertThat(count("select count(*) from " + table + " where version = 1"))
                        .isEqualTo(3);
            } finally {
                traffic.stop();
            }
            // The promise: each query waits at most about the lock timeout (here 1 s), while
            // the blocker held its lock for 10 s. Slack for a loaded 2-core machine, well below 10 s.
            assertThat(traffic.answered()).isGreaterThan(10);
            assertThat(traffic.failures()).isEmpty();
            assertThat(traffic.slowest()).isLessThan(LOCK_TIMEOUT.plusSeconds(3));
        }
    }

    @Test
    void aBlockerThatOutlivesTheRetryBudgetFailsTheRunNamingIt() throws Exception {
        folder.add(
                "1_add_version.sql",
                "alter table " + table + " add column version bigint not null default 1;",
                "alter table " + table + " drop column version;");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();
        try (Connection blocker = database.connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            String identity = blockerIdentity(blocker, "stuck-" + counter);
            holdReadLock(statement, table, "stuck-" + counter);

            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> migrator(retries)
                    .ddlRetryBudget(Duration.ofSeconds(4))
                    .build()
                    .up());
            Throwable failure;
            try {
                failure = catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
            } finally {
                blocker.rollback();
            }

            assertThat(failure)
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                        assertThat(e.file()).isEqualTo("1_add_version.sql");
                        assertThat(e.getMessage())
                                .contains("gave up waiting for table locks")
                                .contains("retry budget 4 s")
                                .contains(identity)
                                .doesNotContain("hunter2");
                    });
        }
        assertThat(retries).isNotEmpty();
        assertThat(count("select count(*) from " + history)).isZero();
        assertThat(columnExists(table, "version")).isFalse();
    }

    @Test
    void aNoTransactionMigrationRetriesOnlyTheStatementThatGaveUp() throws Exception {
        String other = "side_" + counter;
        folder.add(
                "1_two_steps.sql",
                "-- +migrate Up notransaction\ncreate table " + other + " (id int);\n"
                        + "alter table " + table + " add column flag int;\n"
                        + "-- +migrate Down\ndrop table " + other + ";\n");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();
        try (Connection blocker = database.connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            holdReadLock(statement, table, "batch-" + counter);
            CompletableFuture<MigrateResult> migration = CompletableFuture.supplyAsync(() -> migrator(retries)
                    .ddlRetryBudget(Duration.ofMinutes(2))
                    .build()
                    .up());
            waitFor(() -> retries.size() >= 2, Duration.ofSeconds(30));
            blocker.commit();
            MigrateResult result = migration.get(60, TimeUnit.SECONDS);

            // Re-running the whole file would fail on "create table": it ran once, the alter again.
            assertThat(result.count()).isEqualTo(1);
            assertThat(retries).allSatisfy(r -> {
                assertThat(r.wholeMigration()).isFalse();
                assertThat(r.line()).isEqualTo(3);
            });
            assertThat(columnExists(table, "flag")).isTrue();
        }
    }

    @Test
    void eachMigrationRunsWithTheSessionsLockWaitSetToTheLockTimeout() throws Exception {
        String seen = "seen_" + counter;
        folder.add("1_seen.sql", "create table " + seen + " (lock_wait varchar(40));", "drop table " + seen + ";")
                .add("2_copy.sql", "insert into " + seen + " select " + sessionLockWait() + ";", "select 1;");

        MigrateResult result = migrator(new CopyOnWriteArrayList<>()).build().up();

        assertThat(result.count()).isEqualTo(2);
        assertThat(string("select lock_wait from " + seen)).isEqualTo(shown(LOCK_TIMEOUT));
    }

    @Test
    void withTheGuardOffTheSessionKeepsItsOwnLockWaitAndAMigrationWaitsOutABlockerWithoutRetrying() throws Exception {
        String seen = "seen_" + counter;
        folder.add(
                "1_add.sql",
                "create table " + seen + " (lock_wait varchar(40));\n"
                        + "insert into " + seen + " select " + sessionLockWait() + ";\n"
                        + "alter table " + table + " add column note int;",
                "drop table " + seen + ";");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();
        try (Connection connection = database.connect();
                Connection blocker = database.connect();
                Statement statement = blocker.createStatement()) {
            try (Statement own = connection.createStatement()) {
                own.execute(setSessionLockWait(30));
            }
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
            blocker.setAutoCommit(false);
            holdReadLock(statement, table, "guard-off-" + counter);
            CompletableFuture<MigrateResult> migration = CompletableFuture.supplyAsync(() -> Migrator.builder(single)
                    .locations(folder.location())
                    .table(history)
                    .ddlLockTimeout(Duration.ZERO)
                    .ddlLockRetryListener(retries::add)
                    .build()
                    .up());
            // Longer than any lock wait the guard would set (at least 1 ms on PostgreSQL, 1 s on
            // MariaDB), well within the session's own 30 s: the guard off, the alter just waits.
            Thread.sleep(2_500);
            assertThat(migration).isNotDone();
            assertThat(retries).isEmpty();
            blocker.commit();
            MigrateResult result = migration.get(60, TimeUnit.SECONDS);

            assertThat(result.count()).isEqualTo(1);
            assertThat(result.lockRetries()).isZero();
            assertThat(string("select lock_wait from " + seen)).isEqualTo(shown(Duration.ofSeconds(30)));
        }
        assertThat(columnExists(table, "note")).isTrue();
    }

    @Test
    void columnExistsLooksOnlyAtThisTestsDatabase() throws Exception {
        try (TestDatabase other = TestDatabase.create(database.kind(), "livetrafficother")) {
            try (Connection connection = other.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("create table " + table + " (id int, elsewhere int)");
            }

            assertThat(columnExists(table, "elsewhere")).isFalse();
            assertThat(columnExists(table, "name")).isTrue();
        }
    }

    void execute(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    long count(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    String string(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Whether this test's database has the column (MariaDB's information_schema shows every database). */
    boolean columnExists(String table, String column) throws SQLException {
        return count("select count(*) from information_schema.columns where table_schema = " + currentSchema()
                        + " and table_name = '" + table + "' and column_name = '" + column + "'")
                > 0;
    }

    TestDatabase database() {
        return database;
    }

    static void waitFor(Check check, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }

    /** The application: one client querying the table in a loop, measuring each query. */
    static final class Traffic {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Long> nanos = new CopyOnWriteArrayList<>();
        private final List<Throwable> failures = new CopyOnWriteArrayList<>();
        private final CountDownLatch done = new CountDownLatch(1);

        static Traffic start(TestDatabase database, String table) {
            Traffic traffic = new Traffic();
            Thread thread = new Thread(() -> traffic.run(database, table), "traffic");
            thread.setDaemon(true);
            thread.start();
            return traffic;
        }

        private void run(TestDatabase database, String table) {
            try (Connection connection = database.connect();
                    Statement statement = connection.createStatement()) {
                while (running.get()) {
                    long start = System.nanoTime();
                    try (ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
                        rows.next();
                    }
                    nanos.add(System.nanoTime() - start);
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                failures.add(e);
            } finally {
                done.countDown();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            done.await(60, TimeUnit.SECONDS);
        }

        int answered() {
            return nanos.size();
        }

        List<Throwable> failures() {
            return failures;
        }

        Duration slowest() {
            return Duration.ofNanos(
                    nanos.stream().mapToLong(Long::longValue).max().orElse(0));
        }
    }
}
