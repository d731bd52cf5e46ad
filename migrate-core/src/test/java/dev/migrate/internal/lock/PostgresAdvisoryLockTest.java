package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.execute;
import static dev.migrate.internal.lock.LockTesting.lock;
import static dev.migrate.internal.lock.LockTesting.millisSince;
import static dev.migrate.internal.lock.LockTesting.queryLong;
import static dev.migrate.internal.lock.LockTesting.queryString;
import static dev.migrate.internal.lock.LockTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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

    @Test
    void aSecondConnectionWaitsWhileTheFirstHoldsThenTakesIt() throws Exception {
        try (Connection first = db.connect();
                Connection second = db.connect();
                Connection observer = db.connect()) {
            long waiterPid = queryLong(second, "select pg_backend_pid()");
            LockHandle held = advisory(first, Duration.ofSeconds(10)).acquire(first);
            Future<LockHandle> waiting = executor.submit(
                    () -> advisory(second, Duration.ofSeconds(60)).acquire(second));
            awaitTries(observer, waiterPid, 1);
            long tried = System.nanoTime();
            assertThat(waiting).as("tried while the first holds the lock").isNotDone();
            assertIdleWithoutTransaction(observer, waiterPid);

            long released = System.nanoTime();
            held.close();
            // How soon a release wakes a waiter is theReleaseNotifiesAWaiterSoItsPauseEndsEarly's claim.
            try (LockHandle taken = waiting.get(60, TimeUnit.SECONDS)) {
                assertThat(taken.waited())
                        .as("waited at least from its observed try until the release")
                        .isGreaterThanOrEqualTo(Duration.ofNanos(released - tried));
            }
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

                CountDownLatch pausing = new CountDownLatch(1);
                Future<Long> pause = executor.submit(() -> {
                    pausing.countDown();
                    signal.pause(60_000);
                    return System.nanoTime();
                });
                assertThat(pausing.await(60, TimeUnit.SECONDS)).isTrue();
                long released = System.nanoTime();
                held.close();
                long ended = pause.get(60, TimeUnit.SECONDS);
                // The claim is about time: the pause ends at the release, not at its own 60 s. Half of
                // that is the bound, measured from the release: slack for a loaded machine, and still
                // a pause that only timed out cannot pass.
                assertThat(ended - released)
                        .as("the pause did not end before the release")
                        .isPositive();
                assertThat(Duration.ofNanos(ended - released).toMillis())
                        .as("the pause ended at the release, long before its 60 s")
                        .isLessThan(30_000);
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
    void timeoutFailsWithinTheTimeoutNamingTheHolder() throws Exception {
        try (Connection holder = db.connect();
                Connection waiter = db.connect()) {
            execute(holder, "set application_name = 'replica-a'");
            long pid = queryLong(holder, "select pg_backend_pid()");
            try (LockHandle held = advisory(holder, Duration.ofSeconds(10)).acquire(holder)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> advisory(waiter, Duration.ofSeconds(1)).acquire(waiter))
                        .isInstanceOf(LockException.class)
                        .hasMessageContaining("Timed out after 1.0 s")
                        .hasMessageContaining("pid " + pid)
                        .hasMessageContaining("application_name 'replica-a'");
                // The claim is about time: the waiter gives up after its timeout, not before and
                // not much later. The upper bound allows a loaded machine 4 s and still catches a
                // waiter that ignores its timeout (the lock is held for the whole test).
                assertThat(millisSince(start)).isBetween(1000L, 5000L);
            }
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
    void whenUnlockFailsThePooledConnectionIsAbortedNotReturnedHoldingTheLock() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config);
                Connection observer = db.connect()) {
            Connection connection = pool.getConnection();
            long pid = queryLong(connection, "select pg_backend_pid()");
            MigrationLock lock = advisory(connection, Duration.ofSeconds(5));
            LockHandle handle = lock.acquire(connection);
            // A migration left a failed transaction behind: pg_advisory_unlock itself cannot run.
            connection.setAutoCommit(false);
            assertThatThrownBy(() -> execute(connection, "select 1 / 0")).isInstanceOf(SQLException.class);
            handle.close();

            assertThat(connection.isClosed()
                            || connection.unwrap(Connection.class).isClosed())
                    .isTrue();
            try {
                connection.close();
            } catch (SQLException expected) {
                // the pool notices the dead connection and evicts it
            }
            awaitNoHolder(lock, observer);
            try (Connection next = pool.getConnection()) {
                assertThat(queryLong(next, "select pg_backend_pid()")).isNotEqualTo(pid);
                assertThat(queryLong(next, ADVISORY_LOCKS_HERE)).isZero();
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

    private static void awaitNoHolder(MigrationLock lock, Connection observer) throws Exception {
        Eventually.until(
                "the lock freed after the abort", () -> lock.holder(observer).isEmpty());
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
