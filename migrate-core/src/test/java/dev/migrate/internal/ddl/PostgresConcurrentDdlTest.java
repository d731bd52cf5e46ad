package dev.migrate.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.migrate.DdlLockRetry;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationExecutionException;
import dev.migrate.Migrator;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DDL guard and PostgreSQL's {@code … CONCURRENTLY} statements, with a real older transaction
 * on another connection that the statement must wait for: the guard's short {@code lock_timeout}
 * does not cut them short (a cancelled one leaves an INVALID index or a partition pending detach),
 * they finish once the blocker ends, and nothing is recorded as applied with a half-built object.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresConcurrentDdlTest {

    /** The guard's lock wait: the blocker below holds for several of them. */
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);

    /** How long the blocker keeps its transaction open once the statement waits for it. */
    private static final Duration BLOCKER_HOLDS = Duration.ofSeconds(4);

    private final TestDatabase database = TestDatabase.postgres("concurrentddl");
    private int counter;
    private String history;
    private String table;
    private MigrationFolder folder;

    @TempDir
    Path temp;

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void freshTable() throws SQLException {
        counter++;
        history = "history_" + counter;
        table = "items_" + counter;
        folder = new MigrationFolder(temp.resolve("migrations_" + counter));
        execute("create table " + table + " (id int primary key, name text)");
        execute("insert into " + table + " values (1, 'a'), (2, 'b')");
    }

    @Test
    void aConcurrentIndexBuildWaitsOutAnOlderTransactionAndEndsValid() throws Exception {
        String index = table + "_name";
        folder.add(
                "1_index.sql",
                "-- +migrate Up notransaction\ncreate index concurrently " + index + " on " + table + " (name);\n");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();

        MigrateResult result = whileAWriterHoldsTheTable(retries, "create index concurrently");

        assertThat(result.count()).isEqualTo(1);
        assertThat(retries)
                .as("the statement was not cut short and tried again")
                .isEmpty();
        assertThat(strings("select indisvalid::text from pg_index where indexrelid = '" + index + "'::regclass"))
                .containsExactly("true");
        assertThat(invalidIndexes()).isEmpty();
        assertThat(strings("select id from " + history)).containsExactly("1_index.sql");
    }

    @Test
    void reindexConcurrentlyWaitsOutAnOlderTransactionAndLeavesNoInvalidCopy() throws Exception {
        String index = table + "_name";
        execute("create index " + index + " on " + table + " (name)");
        folder.add("1_reindex.sql", "-- +migrate Up notransaction\nreindex index concurrently " + index + ";\n");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();

        MigrateResult result = whileAWriterHoldsTheTable(retries, "reindex index concurrently");

        assertThat(result.count()).isEqualTo(1);
        assertThat(retries).isEmpty();
        assertThat(invalidIndexes())
                .as("no _ccnew copy left by a cancelled try")
                .isEmpty();
    }

    @Test
    void detachPartitionConcurrentlyWaitsOutAnOlderTransactionAndIsNotLeftPending() throws Exception {
        String parent = "events_" + counter;
        execute("create table " + parent + " (id int not null) partition by range (id)");
        execute("create table " + parent + "_old partition of " + parent + " for values from (0) to (100)");
        execute("create table " + parent + "_new partition of " + parent + " for values from (100) to (200)");
        execute("insert into " + parent + " values (1), (150)");
        folder.add(
                "1_detach.sql",
                "-- +migrate Up notransaction\nalter table " + parent + " detach partition " + parent
                        + "_old concurrently;\n");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();
        MigrateResult result;
        try (Connection blocker = database.connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("select count(*) from " + parent); // an older transaction using the table
            result = holdWhileWaiting(blocker, retries, "detach partition");
        }

        assertThat(result.count()).isEqualTo(1);
        assertThat(retries).isEmpty();
        assertThat(strings("select count(*)::text from pg_inherits where inhparent = '" + parent + "'::regclass"))
                .containsExactly("1");
        assertThat(strings("select count(*)::text from pg_inherits where inhdetachpending"))
                .containsExactly("0");
    }

    @Test
    void ifNotExistsOverAnIndexAnEarlierBuildLeftInvalidFailsNamingItAndRecordsNothing() throws Exception {
        String index = table + "_unique_name";
        execute("insert into " + table + " values (3, 'a')"); // a duplicate: the unique build fails
        catchThrowable(() -> execute("create unique index concurrently " + index + " on " + table + " (name)"));
        assertThat(invalidIndexes()).containsExactly(index);
        execute("delete from " + table + " where id = 3");
        folder.add(
                "1_index.sql",
                "-- +migrate Up notransaction\ncreate unique index concurrently if not exists " + index + " on " + table
                        + " (name);\n");

        Throwable failure =
                catchThrowable(() -> migrator(new ArrayList<>()).build().up());

        assertThat(failure).isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
            assertThat(e.file()).isEqualTo("1_index.sql");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage())
                    .contains("index " + index + " is INVALID")
                    .contains("drop index concurrently " + index)
                    .contains("never recorded as applied");
        });
        assertThat(strings("select id from " + history)).isEmpty();
    }

    @Test
    void aConcurrentBuildWhoseBlockerOutlivesTheRetryBudgetFailsNamingTheInvalidIndexAndTheBlocker() throws Exception {
        String index = table + "_name";
        folder.add(
                "1_index.sql",
                "-- +migrate Up notransaction\ncreate index concurrently " + index + " on " + table + " (name);\n");
        Throwable failure;
        long blockerPid;
        try (Connection blocker = database.connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("set application_name = 'stuck-writer'");
            statement.execute("insert into " + table + " values (10, 'z')");
            blockerPid = Long.parseLong(first(blocker, "select pg_backend_pid()::text"));
            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> migrator(new ArrayList<>())
                    .ddlRetryBudget(Duration.ofSeconds(3))
                    .build()
                    .up());
            try {
                failure = catchThrowable(() -> run.get(60, TimeUnit.SECONDS));
            } finally {
                blocker.rollback();
            }
        }

        assertThat(failure)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        MigrationExecutionException.class,
                        e -> assertThat(e.getMessage())
                                .contains("lock timeout")
                                .contains("it left index " + index + " is INVALID")
                                .contains("drop index concurrently " + index)
                                .contains("pid " + blockerPid + " (application_name 'stuck-writer'"));
        assertThat(strings("select id from " + history)).isEmpty();
    }

    /** Runs the pending migration while another session holds an uncommitted insert into the table. */
    private MigrateResult whileAWriterHoldsTheTable(List<DdlLockRetry> retries, String waiting) throws Exception {
        try (Connection blocker = database.connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("insert into " + table + " values (10, 'z')");
            return holdWhileWaiting(blocker, retries, waiting);
        }
    }

    /**
     * Starts the run, waits until its statement waits for a lock, keeps the blocker's transaction
     * open for several lock timeouts, then commits it and returns the run's result.
     */
    private MigrateResult holdWhileWaiting(Connection blocker, List<DdlLockRetry> retries, String waiting)
            throws Exception {
        CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() ->
                migrator(retries).ddlRetryBudget(Duration.ofMinutes(2)).build().up());
        Eventually.until("the migration's statement waiting for a lock", () -> {
            if (run.isDone()) {
                run.join(); // throws what failed it
                return true;
            }
            return !strings("select pid::text from pg_stat_activity where datname = current_database()"
                            + " and wait_event_type = 'Lock' and query ilike '%" + waiting + "%'")
                    .isEmpty();
        });
        long start = System.nanoTime();
        while (System.nanoTime() - start < BLOCKER_HOLDS.toNanos()) {
            assertThat(run).as("still waiting for the blocker").isNotDone();
            Thread.sleep(200);
        }
        blocker.commit();
        return run.get(60, TimeUnit.SECONDS);
    }

    private Migrator.Builder migrator(List<DdlLockRetry> retries) {
        return Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table(history)
                .ddlLockTimeout(LOCK_TIMEOUT)
                .ddlLockRetryListener(retries::add);
    }

    /** The INVALID indexes on this test's table. */
    private List<String> invalidIndexes() throws SQLException {
        return strings("select indexrelid::regclass::text from pg_index where not indisvalid and indrelid = '" + table
                + "'::regclass");
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private List<String> strings(String sql) throws SQLException {
        try (Connection connection = database.connect()) {
            List<String> values = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
            }
            return values;
        }
    }

    private static String first(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }
}
