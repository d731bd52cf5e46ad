package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every read and write of a run is bounded (DESIGN.md, contract 3 item 14) on PostgreSQL: with a
 * real session holding a lock on a history or lease table, a boot, {@code status()} and a bounded
 * status fail within about the lock timeout (or the bound given), naming the table and the blocker,
 * instead of waiting for as long as that session pleases.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedReadsPostgresTest {

    /** Far beyond every bound a test sets: reaching it means the call hung. */
    private static final long HANG_SECONDS = 60;

    private final TestDatabase db = TestDatabase.postgres("boundedreads");
    private int tables;

    @TempDir
    Path temp;

    @AfterAll
    void dropDatabase() {
        db.close();
    }

    @Test
    void aNoOpBootFailsWithinTheLockTimeoutNamingTheTableAndTheBlockerWhileAnAlterHoldsTheHistory() throws Exception {
        String table = "history_" + (++tables);
        MigrationFolder folder = folder(table);
        Migrator migrator = migrator(folder, table).build();
        migrator.up();
        try (Connection blocker = blockingSession("begin", "alter table " + table + " add column note text")) {
            Throwable failure = failureOf(migrator::up);

            assertThat(failure)
                    .isInstanceOf(MigrationDatabaseException.class)
                    .hasMessageContaining(table)
                    .hasMessageContaining("pid " + pid(blocker))
                    .hasMessageContaining("bounded-reads-blocker");
            blocker.rollback();
        }
        assertThat(migrator.up().count()).isZero();
    }

    @Test
    void statusFailsWithinTheLockTimeoutWhileVacuumFullWaitsBehindAnOpenReader() throws Exception {
        String table = "history_" + (++tables);
        MigrationFolder folder = folder(table);
        Migrator migrator = migrator(folder, table).build();
        migrator.up();
        try (Connection reader = blockingSession("begin", "select count(*) from " + table);
                Connection vacuum = db.connect()) {
            int vacuumPid = pid(vacuum);
            CompletableFuture<Void> vacuumFull = CompletableFuture.runAsync(() -> {
                try (Statement statement = vacuum.createStatement()) {
                    statement.execute("vacuum full " + table);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Eventually.until("VACUUM FULL waits for the open reader", () -> waiting(vacuumPid));

            Throwable failure = failureOf(migrator::status);

            assertThat(failure)
                    .isInstanceOf(MigrationDatabaseException.class)
                    .hasMessageContaining(table)
                    .hasMessageContaining("pid " + vacuumPid)
                    .hasMessageContaining("pid " + pid(reader));
            reader.rollback();
            vacuumFull.get(HANG_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(migrator.status().applied()).hasSize(1);
    }

    private boolean waiting(int pid) throws Exception {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement();
                var row = statement.executeQuery("select wait_event_type from pg_stat_activity where pid = " + pid)) {
            return row.next() && "Lock".equals(row.getString(1));
        }
    }

    @Test
    void aBoundedStatusAnswersWithinItsBoundWhateverTheLockTimeout() throws Exception {
        String table = "history_" + (++tables);
        MigrationFolder folder = folder(table);
        Migrator migrator =
                migrator(folder, table).lockTimeout(Duration.ofMinutes(10)).build();
        migrator.up();
        try (Connection blocker =
                blockingSession("begin", "lock table " + table + "_migrate in access exclusive mode")) {
            long start = System.nanoTime();
            Throwable failure = failureOf(() -> migrator.status(Duration.ofSeconds(1)));

            assertThat(failure).isInstanceOf(MigrationDatabaseException.class).hasMessageContaining(table + "_migrate");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
            blocker.rollback();
        }
    }

    @Test
    void aTableLeaseTakeoverGivesUpWithinTheLockTimeoutWhileTheLeaseTableIsLocked() throws Exception {
        String table = "history_" + (++tables);
        MigrationFolder folder = folder(table);
        Migrator migrator =
                migrator(folder, table).lockType(LockType.TABLE_LEASE).build();
        migrator.status();
        try (Connection setup = db.connect();
                Statement statement = setup.createStatement()) {
            // the lease table, as the first lease would create it
            statement.execute("create table " + table + "_lock (lock_name varchar(255) primary key,"
                    + " owner_token varchar(64) not null, owner_host varchar(255), owner_pid bigint,"
                    + " acquired_at timestamp with time zone not null, expires_at timestamp with time zone not null)");
        }
        try (Connection blocker = blockingSession("begin", "lock table " + table + "_lock in access exclusive mode")) {
            Throwable failure = failureOf(migrator::up);

            assertThat(failure)
                    .isInstanceOf(MigrateException.class)
                    .hasMessageContaining(table + "_lock")
                    .hasMessageContaining("pid " + pid(blocker));
            blocker.rollback();
        }
        assertThat(migrator.up().count()).isEqualTo(1);
    }

    private MigrationFolder folder(String table) {
        return new MigrationFolder(temp.resolve(table))
                .add("1_a.sql", "create table " + table + "_a (id int);", "drop table " + table + "_a;");
    }

    private Migrator.Builder migrator(MigrationFolder folder, String table) {
        return Migrator.builder(db.dataSource())
                .locations(folder.location())
                .table(table)
                .lockTimeout(Duration.ofSeconds(2));
    }

    /** A session of its own, in a transaction, that ran {@code sql} and keeps what it locked. */
    private Connection blockingSession(String... sql) throws Exception {
        Connection connection = db.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("set application_name = 'bounded-reads-blocker'");
            connection.setAutoCommit(false);
            for (String each : sql) {
                if (!each.equals("begin")) {
                    statement.execute(each);
                }
            }
        }
        return connection;
    }

    private static int pid(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                var row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    /** What {@code call} threw, failing the test when it returned or hung. */
    private static Throwable failureOf(Supplier<?> call) throws Exception {
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                call.get();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Throwable failure = outcome.get(HANG_SECONDS, TimeUnit.SECONDS);
        assertThat(failure).as("the call returned instead of failing").isNotNull();
        return failure;
    }
}
