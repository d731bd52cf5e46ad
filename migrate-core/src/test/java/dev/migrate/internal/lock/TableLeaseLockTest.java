package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.execute;
import static dev.migrate.internal.lock.LockTesting.lease;
import static dev.migrate.internal.lock.LockTesting.lock;
import static dev.migrate.internal.lock.LockTesting.millisSince;
import static dev.migrate.internal.lock.LockTesting.queryLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.LockException;
import dev.migrate.LockHolder;
import dev.migrate.LockType;
import dev.migrate.internal.dialect.Dialects;
import dev.migrate.testing.InterceptingDataSource;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What is particular to {@code table-lease} (the row, the heartbeat, takeover and fencing); what
 * every kind must show is in {@link LockContract}.
 */
class TableLeaseLockTest {

    private static final List<TestDatabase> databases = new ArrayList<>();

    @AfterAll
    static void dropDatabases() {
        databases.forEach(TestDatabase::close);
    }

    private static TestDatabase database(TestDatabase.Kind kind) {
        TestDatabase db = TestDatabase.create(kind, "lease");
        databases.add(db);
        return db;
    }

    private static TableLease acquire(TestDatabase db, Connection connection, Duration timeout, Duration lease)
            throws SQLException {
        return (TableLease) lock(db, connection, lease(timeout, lease)).acquire(connection);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theLeaseRowNamesItsOwnerAndIsDeletedOnRelease(TestDatabase.Kind kind) throws Exception {
        TestDatabase db = database(kind);
        try (Connection connection = db.connect()) {
            MigrationLock lock = lock(db, connection, lease(Duration.ofSeconds(5), Duration.ofSeconds(30)));
            assertThat(lock.type()).isEqualTo(LockType.TABLE_LEASE);
            assertThat(lock.key()).isEqualTo("gorp_migrations_lock[gorp_migrations]");
            assertThat(lock.holder(connection)).as("no lock table yet").isEmpty();
            try (TableLease held = (TableLease) lock.acquire(connection)) {
                LockHolder holder = lock.holder(connection).orElseThrow();
                assertThat(holder.details())
                        .containsEntry("ownerToken", held.owner().token())
                        .containsEntry("ownerHost", held.owner().host())
                        .containsEntry("ownerPid", Long.toString(held.owner().pid()))
                        .containsKeys("acquiredAt", "expiresAt");
                assertThat(holder.description()).contains(held.owner().describe());
            }
            assertThat(lock.holder(connection)).isEmpty();
            assertThat(queryLong(connection, "select count(*) from " + table(connection)))
                    .isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theHeartbeatKeepsTheLeaseWhileTheHolderWorks(TestDatabase.Kind kind) throws Exception {
        TestDatabase db = database(kind);
        // The second owner's timeout is well past the lease (without a heartbeat it would take over
        // after about 2 s plus a pause of at most 1.25 s); a beat every 0.67 s has 1.3 s to spare on
        // a loaded machine before the lease would lapse.
        Duration leaseTime = Duration.ofSeconds(2);
        try (Connection first = db.connect();
                Connection second = db.connect()) {
            try (TableLease held = acquire(db, first, Duration.ofSeconds(5), leaseTime)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> acquire(db, second, Duration.ofSeconds(5), leaseTime))
                        .as("the second owner times out: the heartbeat renewed the 2 s lease all along")
                        .isInstanceOf(LockException.class)
                        .hasMessageContaining("Timed out after 5.0 s")
                        .hasMessageContaining(held.owner().token());
                assertThat(millisSince(start)).as("waited out its timeout").isGreaterThanOrEqualTo(5000L);
                held.assertHeld();
                fenceInTransaction(held, first);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anExpiredLeaseIsTakenOverAndTheOldHolderIsFencedOff(TestDatabase.Kind kind) throws Exception {
        TestDatabase db = database(kind);
        Duration leaseTime = Duration.ofMillis(900);
        try (Connection frozen = db.connect();
                Connection next = db.connect()) {
            TableLease old = acquire(db, frozen, Duration.ofSeconds(5), leaseTime);
            old.pauseHeartbeat(true); // as if the process were stopped (SIGSTOP, a long GC pause)
            // A beat in flight can only push the expiry later: the old lease lasts at least until this.
            Timestamp expiresNoSooner = timestamp(next, "select expires_at from " + table(next));
            long start = System.nanoTime();
            try (TableLease taken = acquire(db, next, Duration.ofSeconds(30), leaseTime)) {
                assertThat(timestamp(next, "select acquired_at from " + table(next)))
                        .as("taken over once the old lease expired by the database's clock, not before")
                        .isAfterOrEqualTo(expiresNoSooner);
                // And soon after: the lease runs 0.9 s and a pause between tries is at most 1.25 s;
                // the rest is for a loaded machine.
                assertThat(millisSince(start)).as("taken over soon").isLessThan(6000L);
                old.pauseHeartbeat(false); // it resumes and tries to record a migration
                assertThatThrownBy(() -> fenceInTransaction(old, frozen))
                        .isInstanceOf(LockException.class)
                        .hasMessageContaining("not recording");
                assertThatThrownBy(old::assertHeld).isInstanceOf(LockException.class);
                old.close(); // must not delete the new owner's row
                LockHolder holder = lock(db, next, lease(Duration.ofSeconds(1), leaseTime))
                        .holder(next)
                        .orElseThrow();
                assertThat(holder.details())
                        .containsEntry("ownerToken", taken.owner().token());
                taken.assertHeld();
                fenceInTransaction(taken, next);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void theFenceChecksTheDatabaseNotOnlyTheHeartbeat(TestDatabase.Kind kind) throws Exception {
        TestDatabase db = database(kind);
        try (Connection connection = db.connect();
                Connection intruder = db.connect()) {
            TableLease held = acquire(db, connection, Duration.ofSeconds(5), Duration.ofSeconds(30));
            execute(intruder, "update " + table(intruder) + " set owner_token = 'someone-else'");
            assertThatThrownBy(() -> fenceInTransaction(held, connection))
                    .isInstanceOfSatisfying(LockException.class, e -> {
                        assertThat(e.reason()).isEqualTo(LockException.Reason.LOST);
                        assertThat(e.lock()).isEqualTo("table-lease gorp_migrations_lock[gorp_migrations]");
                        assertThat(e.holder()).isNull();
                        assertThat(e.timeout()).isNull();
                    })
                    .hasMessageContaining("someone-else");
            assertThatThrownBy(held::assertHeld).isInstanceOf(LockException.class);
            held.close();
            assertThat(queryLong(intruder, "select count(*) from " + table(intruder)))
                    .isOne();
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRESQL", "MARIADB"}) // H2 does nothing on Connection.abort
    void aHeartbeatThatHangsAtTheReleaseCanSendNothingAfterIt(TestDatabase.Kind kind) throws Exception {
        TestDatabase db = database(kind);
        CountDownLatch beatSending = new CountDownLatch(1);
        CountDownLatch letItSend = new CountDownLatch(1);
        AtomicReference<Connection> beatConnection = new AtomicReference<>();
        // Only the heartbeat takes connections from this DataSource; its beat hangs just before its
        // update goes out, as on a database or network that hangs, deaf to interrupts as JDBC calls are.
        DataSource hanging = new InterceptingDataSource(db.dataSource(), (connection, sql) -> {
            if (sql.startsWith("update")) {
                beatConnection.set(connection);
                beatSending.countDown();
                awaitIgnoringInterrupts(letItSend);
            }
        });
        try (Connection connection = db.connect()) {
            MigrationLock lock = MigrationLocks.create(
                    lease(Duration.ofSeconds(5), Duration.ofMillis(600)),
                    Dialects.detect(connection),
                    LockTesting.HISTORY,
                    hanging,
                    connection);
            LockHandle held = lock.acquire(connection);
            try {
                assertThat(beatSending.await(60, TimeUnit.SECONDS))
                        .as("a beat is sending")
                        .isTrue();
                held.close();
                assertThat(beatConnection.get().isClosed())
                        .as("the hanging beat's connection is aborted before the release returns")
                        .isTrue();
                assertThat(queryLong(connection, "select count(*) from " + table(connection)))
                        .isZero();
            } finally {
                letItSend.countDown();
            }
        }
    }

    private static void awaitIgnoringInterrupts(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void fenceInTransaction(LockHandle handle, Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try {
            handle.fence(connection);
            connection.commit();
        } finally {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        }
    }

    private static Timestamp timestamp(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            assertThat(row.next()).as(sql).isTrue();
            return row.getTimestamp(1);
        }
    }

    private static String table(Connection connection) throws SQLException {
        return Dialects.detect(connection).qualify(LockTesting.HISTORY.withSuffix("_lock"));
    }
}
