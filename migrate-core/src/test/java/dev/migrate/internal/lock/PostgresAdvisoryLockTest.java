package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.execute;
import static dev.migrate.internal.lock.LockTesting.lock;
import static dev.migrate.internal.lock.LockTesting.queryLong;
import static dev.migrate.internal.lock.LockTesting.queryString;
import static dev.migrate.internal.lock.LockTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.LockException;
import dev.migrate.LockHolder;
import dev.migrate.LockType;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What is particular to {@code postgres-advisory}; what every kind must show is in {@link
 * LockContract}.
 */
class PostgresAdvisoryLockTest {

    /** Other tests may hold advisory locks in other databases of the same server. */
    private static final String ADVISORY_LOCKS_HERE = "select count(*) from pg_locks where locktype = 'advisory'"
            + " and database = (select oid from pg_database where datname = current_database())";

    private static TestDatabase db;
    private static final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.postgres("advisory");
    }

    @AfterAll
    static void dropDatabase() {
        executor.shutdownNow();
        db.close();
    }

    private static MigrationLock advisory(Connection connection, Duration timeout) throws SQLException {
        return lock(db, connection, settings(LockType.AUTO, timeout));
    }

    @Test
    void autoPicksTheAdvisoryLockWithTheDocumentedKey() throws Exception {
        try (Connection connection = db.connect()) {
            MigrationLock lock = advisory(connection, Duration.ofSeconds(5));
            assertThat(lock.type()).isEqualTo(LockType.POSTGRES_ADVISORY);
            long expected = LockKeys.advisoryKey(db.name(), "public", "gorp_migrations");
            assertThat(lock.key()).isEqualTo(Long.toString(expected));
            String sql = "select ('x' || substr(encode(sha256(convert_to('migrate:" + db.name()
                    + ":public:gorp_migrations', 'UTF8')), 'hex'), 1, 16))::bit(64)::bigint";
            assertThat(queryLong(connection, sql)).isEqualTo(expected);

            try (LockHandle handle = lock.acquire(connection)) {
                assertThat(heldKey(connection)).isEqualTo(expected);
            }
            assertThat(queryLong(connection, ADVISORY_LOCKS_HERE)).isZero();
        }
    }

    @Test
    void aConfiguredKeyIsTheOneLockedSoAGoServiceCanShareIt() throws Exception {
        for (long key : new long[] {42L, -2L, Long.MIN_VALUE}) {
            try (Connection connection = db.connect();
                    Connection goService = db.connect()) {
                LockSettings settings = new LockSettings(
                        LockType.POSTGRES_ADVISORY,
                        key,
                        Duration.ofSeconds(5),
                        LockSettings.DEFAULT_LEASE_TIME,
                        Duration.ZERO);
                MigrationLock lock = lock(db, connection, settings);
                assertThat(lock.key()).isEqualTo(Long.toString(key));
                try (LockHandle handle = lock.acquire(connection)) {
                    assertThat(heldKey(connection)).isEqualTo(key);
                    assertThat(queryString(goService, "select pg_try_advisory_lock(" + key + ")"))
                            .isEqualTo("f");
                    assertThat(lock.holder(goService)).isPresent();
                }
                assertThat(queryString(goService, "select pg_try_advisory_lock(" + key + ")"))
                        .isEqualTo("t");
            }
        }
    }

    /**
     * Between tries a waiter's session is idle with no transaction open, so a holder's {@code CREATE
     * INDEX CONCURRENTLY} never waits for its snapshot. That it then takes the lock, and how long it
     * waited, is the {@link LockContract}'s claim.
     */
    @Test
    void aWaiterIsIdleWithoutATransactionBetweenTries() throws Exception {
        try (Connection first = db.connect();
                Connection second = db.connect();
                Connection observer = db.connect()) {
            long waiterPid = queryLong(second, "select pg_backend_pid()");
            LockHandle held = advisory(first, Duration.ofSeconds(10)).acquire(first);
            Future<LockHandle> waiting = executor.submit(
                    () -> advisory(second, Duration.ofSeconds(60)).acquire(second));
            awaitTries(observer, waiterPid, 1);
            assertThat(waiting).as("tried while the first holds the lock").isNotDone();
            assertIdleWithoutTransaction(observer, waiterPid);
            held.close();
            waiting.get(60, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void theReleaseNotifiesAWaiterSoItsPauseEndsEarly() throws Exception {
        try (Connection holder = db.connect();
                Connection waiter = db.connect()) {
            PostgresAdvisoryLock lock = (PostgresAdvisoryLock) advisory(holder, Duration.ofSeconds(10));
            LockHandle held = lock.acquire(holder);
            try (ReleaseSignal signal = PostgresReleaseSignal.on(waiter, lock.advisoryKey())) {
                assertThat(signal).isInstanceOf(PostgresReleaseSignal.class);
                assertThat(listening(waiter))
                        .as("subscribed at the first pause, not before")
                        .isZero();
                signal.pause(1);
                assertThat(listening(waiter)).isEqualTo(1);

                // Without the notification the pause would last its 10 s; a waiter that polled
                // instead would wake at its next poll, up to a second (LockPoller.MAX_SLEEP) later.
                CountDownLatch pausing = new CountDownLatch(1);
                Future<Long> pause = executor.submit(() -> {
                    pausing.countDown();
                    signal.pause(10_000);
                    return System.nanoTime();
                });
                assertThat(pausing.await(60, TimeUnit.SECONDS)).isTrue();
                long released = System.nanoTime();
                held.close();
                long ended = pause.get(60, TimeUnit.SECONDS);
                // The claim is that the release itself ends the pause, within milliseconds. The
                // bound, half the poll interval at its cap, is generous for a loaded machine and
                // still fails a pause that ends at a poll rather than at the notification.
                System.out.println("the notified pause ended "
                        + Duration.ofNanos(ended - released).toMillis() + " ms after the release");
                assertThat(ended - released)
                        .as("the pause did not end before the release")
                        .isPositive();
                assertThat(Duration.ofNanos(ended - released))
                        .as("the pause ended at the release's notification")
                        .isLessThan(LockPoller.MAX_SLEEP.dividedBy(2));
            }
            assertThat(listening(waiter)).as("unsubscribed at close").isZero();
        }
    }

    @Test
    void aWaiterLeavesNoSubscriptionBehindWhetherItTakesTheLockGivesUpOrTimesOut() throws Exception {
        try (Connection holder = db.connect();
                Connection waiter = db.connect();
                Connection observer = db.connect()) {
            long waiterPid = queryLong(waiter, "select pg_backend_pid()");
            LockHandle held = advisory(holder, Duration.ofSeconds(10)).acquire(holder);
            Future<LockHandle> taking = executor.submit(
                    () -> advisory(waiter, Duration.ofSeconds(60)).acquire(waiter));
            // Two tries have a pause between them, and the first pause subscribes.
            awaitTries(observer, waiterPid, 2);
            held.close();
            taking.get(20, TimeUnit.SECONDS).close();
            assertThat(listening(waiter)).as("after taking the lock").isZero();

            held = advisory(holder, Duration.ofSeconds(10)).acquire(holder);
            AtomicInteger failedTries = new AtomicInteger();
            // Gives up at its second failed try: after a pause, so after subscribing.
            assertThat(advisory(waiter, Duration.ofSeconds(60))
                            .acquire(waiter, () -> failedTries.incrementAndGet() < 2))
                    .isEmpty();
            assertThat(failedTries).hasValue(2);
            assertThat(listening(waiter)).as("after giving up").isZero();

            assertThatThrownBy(() -> advisory(waiter, Duration.ofMillis(300)).acquire(waiter))
                    .isInstanceOf(LockException.class);
            assertThat(listening(waiter)).as("after a timeout").isZero();
            held.close();
        }
    }

    @Test
    void holderDescribesTheBackendFromPgStatActivity() throws Exception {
        try (Connection holder = db.connect();
                Connection other = db.connect()) {
            execute(holder, "set application_name = 'replica-b'");
            long pid = queryLong(holder, "select pg_backend_pid()");
            MigrationLock lock = advisory(holder, Duration.ofSeconds(5));
            assertThat(lock.holder(other)).isEmpty();
            try (LockHandle held = lock.acquire(holder)) {
                LockHolder found = lock.holder(other).orElseThrow();
                assertThat(found.details())
                        .containsEntry("pid", Long.toString(pid))
                        .containsEntry("applicationName", "replica-b")
                        .containsEntry("state", "idle")
                        .containsKeys("clientAddress", "backendStart", "stateChange", "user");
                // The address the server sees for this client: 127.0.0.1 locally, another behind
                // Docker's network, none over a Unix socket.
                String clientAddress = queryString(holder, "select inet_client_addr()::text");
                assertThat(found.description())
                        .contains(
                                "pid " + pid,
                                "replica-b",
                                "idle since",
                                "client " + (clientAddress != null ? clientAddress : "local socket"));
            }
        }
    }

    @Test
    void whenUnlockReturnsFalseTheConnectionIsAborted() throws Exception {
        try (Connection connection = db.connect()) {
            LockHandle handle = advisory(connection, Duration.ofSeconds(5)).acquire(connection);
            execute(connection, "select pg_advisory_unlock_all()");
            handle.close();
            assertThat(connection.isClosed()).isTrue();
        }
    }

    /**
     * Waits until the backend {@code pid} has been seen running {@code pg_try_advisory_lock} in
     * {@code tries} distinct queries: the waiter's thread started and is polling.
     */
    private static void awaitTries(Connection observer, long pid, int tries) throws Exception {
        Set<String> seen = new HashSet<>();
        Eventually.until("backend " + pid + " trying the lock " + tries + " times", () -> {
            try (PreparedStatement statement = observer.prepareStatement(
                    "select query_start::text from pg_stat_activity where pid = ? and query like '%pg_try_advisory_lock%'")) {
                statement.setLong(1, pid);
                try (ResultSet row = statement.executeQuery()) {
                    if (row.next()) {
                        seen.add(row.getString(1));
                    }
                }
            }
            return seen.size() >= tries;
        });
    }

    /**
     * Watches the waiting backend {@code pid} from another session until it is seen idle between
     * two tries, and asserts it has no transaction open then (and never sits idle in one).
     */
    private static void assertIdleWithoutTransaction(Connection observer, long pid) throws Exception {
        Eventually.until("backend " + pid + " seen idle between two tries", () -> {
            try (PreparedStatement statement =
                    observer.prepareStatement("select state, xact_start::text from pg_stat_activity where pid = ?")) {
                statement.setLong(1, pid);
                try (ResultSet row = statement.executeQuery()) {
                    assertThat(row.next())
                            .as("backend " + pid + " in pg_stat_activity")
                            .isTrue();
                    String state = row.getString(1);
                    assertThat(state).as("state of the waiting backend").doesNotStartWith("idle in transaction");
                    if ("idle".equals(state)) {
                        assertThat(row.getString(2))
                                .as("xact_start of the idle waiter")
                                .isNull();
                        return true;
                    }
                    return false;
                }
            }
        });
    }

    private static long listening(Connection connection) throws SQLException {
        return queryLong(connection, "select count(*) from pg_listening_channels()");
    }

    private static long heldKey(Connection connection) throws SQLException {
        return queryLong(
                connection,
                "select (classid::bigint << 32) | objid::bigint from pg_locks"
                        + " where locktype = 'advisory' and objsubid = 1 and granted and pid = pg_backend_pid()");
    }
}
