package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.lock;
import static dev.migrate.internal.lock.LockTesting.queryLong;
import static dev.migrate.internal.lock.LockTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.LockException;
import dev.migrate.LockType;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.InterceptingDataSource;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every kind of migration lock must show, on every database it runs on: one contract, one
 * small subclass per kind and database (ShedLock's {@code AbstractLockProviderIntegrationTest}).
 * The per-kind tests keep only what is particular to their kind.
 *
 * <p>Time is asserted the same way everywhere: the test waits for a state it can observe (the
 * waiter refused and asking again, a holder named by the database), then acts, and allows one
 * generous bound for what follows. Timeouts are short so the contract stays fast on every kind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LockContract {

    /**
     * The waiter's timeout in the timeout test. The bound is twice that: a waiter may overrun its
     * timeout by the last try and the holder look-up, not by another timeout.
     */
    private static final Duration TIMEOUT = Duration.ofMillis(1500);

    /**
     * How soon after a release, or after the work is done, a waiter must have reacted: its pause is
     * at most {@link LockPoller#MAX_SLEEP} plus a quarter, the rest is for a loaded machine.
     */
    private static final Duration SOON = Duration.ofSeconds(5);

    private final LockType type;
    private final TestDatabase.Kind database;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private TestDatabase db;

    LockContract(LockType type, TestDatabase.Kind database) {
        this.type = type;
        this.database = database;
    }

    /**
     * What a description of the holder says that names the holder of {@code handle} and no other:
     * its server session, or its lease owner.
     */
    abstract String identity(Connection holder, LockHandle handle) throws SQLException;

    @BeforeAll
    void createDatabase() {
        db = TestDatabase.create(database, "contract" + type.name());
    }

    @AfterAll
    void dropDatabase() {
        executor.shutdownNow();
        db.close();
    }

    private MigrationLock lockOn(Connection connection, Duration timeout) throws SQLException {
        MigrationLock lock = lock(db, connection, settings(type, timeout));
        assertThat(lock.type()).isEqualTo(type);
        return lock;
    }

    @Test
    void manyThreadsNeverHoldItAtOnce() throws Exception {
        int threads = 8;
        int rounds = 2;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            results.add(executor.submit(() -> {
                try (Connection connection = db.connect()) {
                    MigrationLock lock = lockOn(connection, Eventually.TIMEOUT);
                    start.await();
                    for (int round = 0; round < rounds; round++) {
                        try (LockHandle held = lock.acquire(connection)) {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            Thread.sleep(5);
                            held.assertHeld();
                            inside.decrementAndGet();
                        }
                        taken.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> result : results) {
            result.get(2 * Eventually.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(taken).hasValue(threads * rounds);
        assertThat(mostInside).as("holders at once").hasValue(1);
    }

    @Test
    void aWaiterTakesItSoonAfterTheReleaseAndCountsItsWholeWait() throws Exception {
        try (Connection first = db.connect();
                Connection second = db.connect();
                Connection observer = db.connect()) {
            LockHandle held = lockOn(first, Duration.ofSeconds(10)).acquire(first);
            MigrationLock lock = lockOn(second, Eventually.TIMEOUT);
            AtomicInteger refused = new AtomicInteger();
            AtomicLong firstRefused = new AtomicLong();
            AtomicLong tookAt = new AtomicLong();
            long asked = System.nanoTime();
            Future<Optional<LockHandle>> waiting = executor.submit(() -> {
                Optional<LockHandle> handle = lock.acquire(second, () -> {
                    // Asked after each refused try: proof that it tries, is refused and waits.
                    if (refused.getAndIncrement() == 0) {
                        firstRefused.set(System.nanoTime());
                    }
                    return true;
                });
                tookAt.set(System.nanoTime());
                return handle;
            });
            // Three refusals have two pauses between them (50 ms and 100 ms, each ±25 %).
            Eventually.until("the waiter refused three times", () -> refused.get() >= 3);
            assertThat(waiting).as("waiting while the first holds it").isNotDone();
            assertThat(lock.holder(observer).orElseThrow().description()).contains(identity(first, held));

            long released = System.nanoTime();
            held.close();
            try (LockHandle taken = waiting.get(Eventually.TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                    .orElseThrow()) {
                System.out.println(type + " on " + database + ": took it "
                        + Duration.ofNanos(tookAt.get() - released).toMillis() + " ms after the release, having waited "
                        + taken.waited().toMillis() + " ms ("
                        + Duration.ofNanos(released - firstRefused.get()).toMillis()
                        + " ms from its first refusal to the release)");
                assertThat(Duration.ofNanos(tookAt.get() - released))
                        .as("took it soon after the release")
                        .isLessThan(SOON);
                assertThat(taken.waited())
                        .as("counts its whole wait: from before its first refusal until the release at least")
                        .isGreaterThanOrEqualTo(Duration.ofNanos(released - firstRefused.get()))
                        .isLessThanOrEqualTo(Duration.ofNanos(tookAt.get() - asked));
                taken.assertHeld();
                assertThat(lock.holder(observer).orElseThrow().description())
                        .as("the database names the new holder")
                        .contains(identity(second, taken));
            }
        }
    }

    @Test
    void aTimeoutEndsAfterTheTimeoutNotMuchLaterAndNamesTheHolder() throws Exception {
        try (Connection holder = db.connect();
                Connection waiter = db.connect()) {
            try (LockHandle held = lockOn(holder, Duration.ofSeconds(10)).acquire(holder)) {
                String identity = identity(holder, held);
                MigrationLock lock = lockOn(waiter, TIMEOUT);
                long start = System.nanoTime();
                assertThatThrownBy(() -> lock.acquire(waiter))
                        .isInstanceOfSatisfying(LockException.class, e -> {
                            assertThat(e.reason()).isEqualTo(LockException.Reason.TIMED_OUT);
                            assertThat(e.lock()).isEqualTo(type + " " + lock.key());
                            assertThat(String.valueOf(e.holder())).contains(identity);
                            assertThat(e.timeout()).isEqualTo(TIMEOUT);
                        })
                        .hasMessageContaining("Timed out after 1.5 s")
                        .hasMessageContaining(identity);
                Duration ended = Duration.ofNanos(System.nanoTime() - start);
                System.out.println(type + " on " + database + ": a timeout of " + TIMEOUT.toMillis()
                        + " ms ended after " + ended.toMillis() + " ms");
                // The lock is held throughout, so only the timeout can end the wait: not before it,
                // and not another timeout later.
                assertThat(ended)
                        .as("waited its timeout of " + TIMEOUT.toMillis() + " ms")
                        .isGreaterThanOrEqualTo(TIMEOUT)
                        .isLessThan(TIMEOUT.multipliedBy(2));
            }
        }
    }

    @Test
    void releaseFreesItForTheNextAtOnceAndASecondCloseChangesNothing() throws Exception {
        try (Connection first = db.connect();
                Connection second = db.connect();
                Connection observer = db.connect()) {
            MigrationLock lock = lockOn(first, Duration.ofSeconds(10));
            assertThat(lock.holder(observer)).as("free before").isEmpty();
            LockHandle held = lock.acquire(first);
            assertThat(lock.holder(observer).orElseThrow().description()).contains(identity(first, held));
            held.close();
            assertThat(lock.holder(observer)).as("free after the release").isEmpty();

            // A timeout of zero allows one try: the lock must be free at once.
            try (LockHandle next = lockOn(second, Duration.ZERO).acquire(second)) {
                held.close();
                assertThat(lock.holder(observer).orElseThrow().description())
                        .as("closing the first handle again leaves the next holder's lock alone")
                        .contains(identity(second, next));
            }
            try (LockHandle again = lockOn(first, Duration.ZERO).acquire(first)) {
                assertThat(lock.holder(observer).orElseThrow().description())
                        .as("the first connection can take it again")
                        .contains(identity(first, again));
            }
        }
    }

    /**
     * The release's statement fails while the session lives on (as in a transaction a migration left
     * failed), with an error the pool does not take for a broken connection. A lock that lives in
     * the session must abort the connection: back in the pool it would hold the lock for whoever
     * borrows it next. A lease releases from another connection.
     */
    @Test
    void aFailedReleaseLeavesNoPooledConnectionHoldingTheLock() throws Exception {
        AtomicBoolean failing = new AtomicBoolean();
        InterceptingDataSource failingRelease = new InterceptingDataSource(db.dataSource(), (connection, sql) -> {
            if (failing.get()) {
                throw new SQLException("the test made this statement fail: " + sql);
            }
        });
        HikariConfig config = new HikariConfig();
        config.setDataSource(failingRelease);
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config);
                Connection observer = db.connect()) {
            Connection connection = pool.getConnection();
            long session = sessionId(connection);
            MigrationLock lock = lockOn(connection, Duration.ofSeconds(5));
            LockHandle handle = lock.acquire(connection);
            failing.set(true);
            try {
                handle.close();
            } finally {
                failing.set(false);
            }
            if (lock instanceof SessionLock) {
                assertThat(connection.isClosed()
                                || connection.unwrap(Connection.class).isClosed())
                        .as("the connection holding the session lock was aborted")
                        .isTrue();
            }
            try {
                connection.close(); // back to the pool
            } catch (SQLException expected) {
                // the pool notices the aborted connection and evicts it
            }
            Eventually.until(
                    "the lock free again",
                    Duration.ofSeconds(10),
                    () -> lock.holder(observer).isEmpty());
            try (Connection next = pool.getConnection()) {
                if (lock instanceof SessionLock) {
                    assertThat(sessionId(next))
                            .as("the pool hands out a new session")
                            .isNotEqualTo(session);
                }
                lockOn(next, Duration.ZERO).acquire(next).close();
            }
        }
    }

    @Test
    void aWaiterStopsWaitingWithoutTheLockOnceTheWorkIsDone() throws Exception {
        try (Connection holder = db.connect();
                Connection waiter = db.connect()) {
            try (LockHandle held = lockOn(holder, Duration.ofSeconds(10)).acquire(holder)) {
                AtomicBoolean done = new AtomicBoolean();
                AtomicInteger asked = new AtomicInteger();
                AtomicLong doneAt = new AtomicLong();
                // The holder's work is done once the waiter has been seen waiting (asking twice).
                CompletableFuture<Void> finisher = CompletableFuture.runAsync(() -> {
                    try {
                        Eventually.until(
                                "the waiter asking twice whether it still needs the lock", () -> asked.get() >= 2);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    doneAt.set(System.nanoTime());
                    done.set(true);
                });

                Optional<LockHandle> taken = lockOn(waiter, Eventually.TIMEOUT).acquire(waiter, () -> {
                    asked.incrementAndGet();
                    return !done.get();
                });
                long returned = System.nanoTime();

                finisher.get(Eventually.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                assertThat(taken).isEmpty();
                assertThat(asked.get())
                        .as("asked again after the work was done")
                        .isGreaterThan(2);
                assertThat(Duration.ofNanos(returned - doneAt.get()))
                        .as("left soon after the work was done, not at its timeout")
                        .isLessThan(SOON);
            }
        }
    }

    /** The server's id of the connection's session. */
    private long sessionId(Connection connection) throws SQLException {
        return queryLong(
                connection,
                switch (database) {
                    case POSTGRESQL -> "select pg_backend_pid()";
                    case MARIADB -> "select connection_id()";
                    case H2 -> "select session_id()";
                });
    }
}
