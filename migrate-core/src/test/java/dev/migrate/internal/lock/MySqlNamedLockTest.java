package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.execute;
import static dev.migrate.internal.lock.LockTesting.lock;
import static dev.migrate.internal.lock.LockTesting.millisSince;
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
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MySqlNamedLockTest {

    private static TestDatabase db;
    private static final ExecutorService executor = Executors.newCachedThreadPool();

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.mariadb("named");
    }

    @AfterAll
    static void dropDatabase() {
        executor.shutdownNow();
        db.close();
    }

    private static MigrationLock named(Connection connection, Duration timeout) throws SQLException {
        return lock(db, connection, settings(LockType.AUTO, timeout));
    }

    @Test
    void autoPicksTheNamedLockNamedAfterDatabaseAndTable() throws Exception {
        try (Connection connection = db.connect();
                Connection other = db.connect()) {
            MigrationLock lock = named(connection, Duration.ofSeconds(5));
            assertThat(lock.type()).isEqualTo(LockType.MYSQL_NAMED);
            assertThat(lock.key()).isEqualTo("migrate:" + db.name() + ".gorp_migrations");
            try (LockHandle handle = lock.acquire(connection)) {
                assertThat(queryLong(other, "select is_used_lock('" + lock.key() + "')"))
                        .isEqualTo(queryLong(connection, "select connection_id()"));
            }
            assertThat(queryString(other, "select is_used_lock('" + lock.key() + "')"))
                    .isNull();
        }
    }

    @Test
    void aSecondConnectionWaitsWhileTheFirstHoldsThenTakesIt() throws Exception {
        try (Connection first = db.connect();
                Connection second = db.connect()) {
            LockHandle held = named(first, Duration.ofSeconds(10)).acquire(first);
            // The waiter reports each failed try through stillNeeded: proof that it runs and waits.
            CountDownLatch triedWhileHeld = new CountDownLatch(1);
            Future<Optional<LockHandle>> waiting =
                    executor.submit(() -> named(second, Duration.ofSeconds(60)).acquire(second, () -> {
                        triedWhileHeld.countDown();
                        return true;
                    }));
            assertThat(triedWhileHeld.await(60, TimeUnit.SECONDS))
                    .as("the second connection tried while the first held the lock")
                    .isTrue();
            long tried = System.nanoTime();
            assertThat(waiting).isNotDone();

            long released = System.nanoTime();
            held.close();
            try (LockHandle taken = waiting.get(60, TimeUnit.SECONDS).orElseThrow()) {
                assertThat(taken.waited())
                        .as("waited at least from its observed try until the release")
                        .isGreaterThanOrEqualTo(Duration.ofNanos(released - tried));
            }
        }
    }

    @Test
    void timeoutFailsWithinTheTimeoutNamingTheHolder() throws Exception {
        try (Connection holder = db.connect();
                Connection waiter = db.connect()) {
            long id = queryLong(holder, "select connection_id()");
            try (LockHandle held = named(holder, Duration.ofSeconds(10)).acquire(holder)) {
                long start = System.nanoTime();
                assertThatThrownBy(() -> named(waiter, Duration.ofSeconds(1)).acquire(waiter))
                        .isInstanceOf(LockException.class)
                        .hasMessageContaining("Timed out after 1.0 s")
                        .hasMessageContaining("MySQL connection id " + id);
                // The claim is about time: the waiter gives up after its timeout, not before and
                // not much later. The upper bound allows a loaded machine 4 s and still catches a
                // waiter that ignores its timeout (the lock is held for the whole test).
                assertThat(millisSince(start)).isBetween(1000L, 5000L);
            }
        }
    }

    @Test
    void holderDescribesTheConnectionFromTheProcessList() throws Exception {
        try (Connection holder = db.connect();
                Connection other = db.connect()) {
            long id = queryLong(holder, "select connection_id()");
            MigrationLock lock = named(holder, Duration.ofSeconds(5));
            assertThat(lock.holder(other)).isEmpty();
            try (LockHandle held = lock.acquire(holder)) {
                // The server may still list the holder's lock call as running ("Query") for a
                // moment after the client has its answer; what is described is the idle holder.
                LockHolder found = Eventually.value(
                        "the holder listed as idle (Sleep) in the process list",
                        () -> lock.holder(other)
                                .filter(h -> "Sleep".equals(h.details().get("command")))
                                .orElse(null));
                assertThat(found.details())
                        .containsEntry("connectionId", Long.toString(id))
                        .containsEntry("user", db.user())
                        .containsEntry("database", db.name())
                        .containsEntry("command", "Sleep")
                        .containsKeys("host", "timeSeconds");
                assertThat(found.description()).contains("connection id " + id, "user " + db.user(), "Sleep");
            }
        }
    }

    @Test
    void whenReleaseFindsTheLockNotHeldTheConnectionIsAborted() throws Exception {
        try (Connection connection = db.connect()) {
            MigrationLock lock = named(connection, Duration.ofSeconds(5));
            LockHandle handle = lock.acquire(connection);
            execute(connection, "select release_lock('" + lock.key() + "')");
            handle.close();
            assertThat(connection.isClosed()).isTrue();
        }
    }
}
