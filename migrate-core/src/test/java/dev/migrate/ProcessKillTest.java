package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.lock.LockSettings;
import dev.migrate.internal.lock.MigrationLocks;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holders that die, freeze or lose their connection on PostgreSQL. The slow migration sleeps as
 * many seconds as {@code kill_switch} says (30); the test empties that table before the next
 * replica runs it.
 */
class ProcessKillTest {

    @TempDir
    Path temp;

    private TestDatabase db;
    private MigrationFolder folder;

    @BeforeEach
    void createDatabase() throws Exception {
        db = TestDatabase.postgres("kill");
        folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_items.sql", "create table items (name text not null);", "drop table items;")
                .add(
                        "2_slow.sql",
                        "insert into items (name) values ('slow');\nselect pg_sleep(seconds) from kill_switch;",
                        "delete from items where name = 'slow';")
                .add("3_after.sql", "insert into items (name) values ('after');", "delete from items;");
        try (Connection connection = db.connect()) {
            execute(connection, "create table kill_switch (seconds int)");
            execute(connection, "insert into kill_switch values (30)");
        }
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    @Test
    void aKilledHoldersStatementKeepsTheLockUntilTheServerCancelsItWithinSeconds() throws Exception {
        ReplicaProcess first = ReplicaProcess.start(db, folder.location(), "kill-a", 60, temp);
        try (Connection observer = db.connect()) {
            long firstPid = awaitSleeping(observer, "kill-a");
            ReplicaProcess second = ReplicaProcess.start(db, folder.location(), "kill-b", 60, temp);
            // A waiter logs "Waiting … for the migration lock" after 5 s of tries: the second replica
            // is then waiting for the lock the first holds.
            Eventually.until("kill-b logging that it waits for the migration lock", () -> {
                assertThat(second.process.isAlive()).as(second.output()).isTrue();
                return second.output().contains(" for the migration lock (");
            });
            execute(observer, "delete from kill_switch"); // the next run of 2_slow does not sleep

            assertThat(advisoryHolders(observer))
                    .as("the sleeping first replica holds the lock")
                    .containsExactly(firstPid);

            first.process.destroyForcibly(); // SIGKILL: the JVM ends, its statement runs on in the server
            assertThat(first.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            long killed = System.nanoTime(); // the process is seen gone: its socket is closed
            AtomicLong firstGone = new AtomicLong(-1);
            Eventually.until("the killed holder's backend gone and the next replica done", () -> {
                if (backendExists(observer, firstPid)) {
                    // Its backend frees the lock a moment before it leaves pg_stat_activity.
                    assertThat(advisoryHolders(observer))
                            .as("while the killed holder's backend lives, nobody else holds the lock")
                            .isSubsetOf(firstPid);
                    assertThat(strings(observer, "select id from gorp_migrations"))
                            .doesNotContain("2_slow.sql");
                } else {
                    firstGone.compareAndSet(-1, millisSince(killed));
                }
                return firstGone.get() >= 0 && !second.process.isAlive();
            });
            assertThat(second.awaitExit(30)).as(second.output()).isZero();
            System.out.println("killed holder's backend gone after " + firstGone + " ms; next replica done after "
                    + millisSince(killed) + " ms");
            // The bound is the claim (docs/locking.md: the server cancels a dead client's work within
            // seconds): the check runs every 2 s (the default interval), so the statement goes
            // within 2 s of the client's death, measured from seeing the process gone; 1 s more
            // for a loaded machine and the 20 ms polling.
            assertThat(firstGone.get())
                    .as("the server cancels the dead client's statement (client_connection_check_interval)")
                    .isBetween(0L, 3_000L);
            assertThat(second.executed()).isEqualTo(2);
            assertThat(strings(observer, "select id from gorp_migrations"))
                    .containsExactly("1_items.sql", "2_slow.sql", "3_after.sql");
            assertThat(strings(observer, "select name from items")).containsExactly("after", "slow");
        } finally {
            first.process.destroyForcibly();
        }
    }

    @Test
    void aFrozenLeaseHolderIsReplacedAndWhenItResumesTheFenceRefusesItsHistoryWrite() throws Exception {
        try (Connection connection = db.connect()) {
            execute(connection, "update kill_switch set seconds = 4");
        }
        ReplicaProcess frozen = ReplicaProcess.start(db, folder.location(), "lease-a", 60, temp, "table-lease", "1500");
        try (Connection observer = db.connect()) {
            awaitSleeping(observer, "lease-a");
            signal(frozen, "STOP"); // heartbeat and all: the process is frozen, its statement runs on
            execute(observer, "delete from kill_switch");
            ReplicaProcess next =
                    ReplicaProcess.start(db, folder.location(), "lease-b", 60, temp, "table-lease", "1500");
            assertThat(next.awaitExit(60)).as(next.output()).isZero();
            assertThat(next.executed()).isEqualTo(2);

            signal(frozen, "CONT");
            assertThat(frozen.awaitExit(30)).as(frozen.output()).isOne();
            assertThat(frozen.output())
                    .contains("LockException")
                    .contains("is no longer ours")
                    .contains("not recording this migration");
            assertThat(strings(observer, "select id from gorp_migrations"))
                    .containsExactly("1_items.sql", "2_slow.sql", "3_after.sql");
            assertThat(strings(observer, "select name from items")).containsExactly("after", "slow");
        } finally {
            signal(frozen, "CONT");
            frozen.process.destroyForcibly();
        }
    }

    @Test
    void aTerminatedHolderFailsClearlyRecordsNothingAndTheNextRunCompletes() throws Exception {
        CompletableFuture<MigrateResult> holder =
                CompletableFuture.supplyAsync(() -> migrator("terminated").up());
        try (Connection observer = db.connect()) {
            long pid = awaitSleeping(observer, "terminated");
            execute(observer, "select pg_terminate_backend(" + pid + ")");

            assertThatThrownBy(() -> holder.get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(MigrationExecutionException.class)
                    .hasMessageContaining("2_slow.sql")
                    .hasMessageContaining("terminating connection due to administrator command");
            assertThat(strings(observer, "select id from gorp_migrations")).containsExactly("1_items.sql");
            assertThat(strings(observer, "select name from items")).isEmpty();

            execute(observer, "delete from kill_switch");
            MigrateResult next = migrator("next").up();
            assertThat(next.executed()).extracting(ExecutedMigration::id).containsExactly("2_slow.sql", "3_after.sql");
            assertThat(strings(observer, "select id from gorp_migrations"))
                    .containsExactly("1_items.sql", "2_slow.sql", "3_after.sql");
            assertThat(strings(observer, "select name from items")).containsExactly("after", "slow");
        }
    }

    @Test
    void aLockTimeoutNamesTheHolderAndRecordsNothing() throws Exception {
        try (Connection blocker = db.connect()) {
            execute(blocker, "set application_name = 'blocking-replica'");
            long pid = queryLong(blocker, "select pg_backend_pid()");
            try (LockHandle held = MigrationLocks.create(
                            LockSettings.defaults(),
                            Dialects.detect(blocker),
                            new TableName(null, Migrator.DEFAULT_TABLE),
                            db.dataSource(),
                            blocker)
                    .acquire(blocker)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> Migrator.builder(db.dataSource())
                                .locations(folder.location())
                                .lockTimeout(Duration.ofSeconds(1))
                                .build()
                                .up())
                        .isInstanceOf(LockException.class)
                        .hasMessageContaining("Timed out after 1.0 s")
                        .hasMessageContaining("pid " + pid)
                        .hasMessageContaining("application_name 'blocking-replica'");
                // The claim is about time: the run gives up after its timeout, not before and not
                // much later. The upper bound allows a loaded machine 5 s (the run also connects
                // and plans) and still catches a run that ignores its timeout (the lock stays held).
                assertThat(millisSince(start)).isBetween(1_000L, 6_000L);
            }
            assertThat(queryLong(blocker, "select count(*) from pg_tables where tablename = 'gorp_migrations'"))
                    .isZero();
        }
    }

    private static void signal(ReplicaProcess replica, String signal) throws Exception {
        if (replica.process.isAlive()) {
            new ProcessBuilder("kill", "-" + signal, Long.toString(replica.process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }
    }

    private Migrator migrator(String applicationName) {
        return Migrator.builder(db.dataSource())
                .locations(folder.location())
                .applicationName(applicationName)
                .build();
    }

    /** Waits until the named replica's backend runs the slow statement; returns its pid. */
    private static long awaitSleeping(Connection observer, String applicationName) throws Exception {
        return awaitPid(
                observer,
                "select pid from pg_stat_activity where datname = current_database() and application_name = ? and state = 'active'"
                        + " and query like '%pg_sleep%'",
                applicationName);
    }

    private static long awaitPid(Connection observer, String sql, String applicationName) throws Exception {
        return Eventually.value(applicationName + " in pg_stat_activity (" + sql + ")", () -> {
            try (PreparedStatement statement = observer.prepareStatement(sql)) {
                statement.setString(1, applicationName);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() ? row.getLong(1) : null;
                }
            }
        });
    }

    private static boolean backendExists(Connection observer, long pid) throws SQLException {
        return queryLong(observer, "select count(*) from pg_stat_activity where pid = " + pid) > 0;
    }

    private static List<Long> advisoryHolders(Connection observer) throws Exception {
        return strings(
                        observer,
                        "select pid from pg_locks where locktype = 'advisory' and granted"
                                + " and database = (select oid from pg_database where datname = current_database())")
                .stream()
                .map(Long::valueOf)
                .toList();
    }

    private static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
