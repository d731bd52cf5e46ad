package dev.migrate.internal.lock;

import dev.migrate.LockException;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.redact.SqlRedactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * A lock the database ties to one session (PostgreSQL advisory, MySQL named): taken and released
 * on the run's pinned connection, and gone when that connection dies. Where a release fails or
 * says the lock was not ours, the physical connection is aborted, so it never goes back to a pool
 * still holding the lock.
 */
abstract class SessionLock implements MigrationLock {

    private static final Log log = Log.of(SessionLock.class);

    private final Duration timeout;

    SessionLock(Duration timeout) {
        this.timeout = timeout;
    }

    /** One non-blocking attempt on the connection. */
    abstract boolean tryLock(Connection connection) throws SQLException;

    /** Releases on the connection; true when the database confirms it released our lock. */
    abstract boolean unlock(Connection connection) throws SQLException;

    /**
     * Called once the lock is taken: checks that the connection's next statement runs in the
     * session that holds it. A lock that can tell otherwise releases what it can and throws.
     *
     * @throws LockException when the session changed, so the lock protects nothing
     */
    void confirmSession(Connection connection) throws SQLException {}

    /** How a waiter on {@code connection} learns of a release; by default it does not (it sleeps). */
    ReleaseSignal releaseSignal(Connection connection) {
        return ReleaseSignal.NONE;
    }

    @Override
    public final Optional<LockHandle> acquire(Connection connection, StillNeeded stillNeeded) {
        requireAutoCommit(connection, this);
        Duration waited;
        try (ReleaseSignal signal = releaseSignal(connection)) {
            waited = LockPoller.poll(
                    type() + " " + key(),
                    timeout,
                    () -> tryLock(connection),
                    () -> holder(connection),
                    stillNeeded,
                    signal);
        }
        if (waited == null) {
            return Optional.empty();
        }
        try {
            confirmSession(connection);
        } catch (SQLException e) {
            throw new LockException(
                    LockException.Reason.NOT_TAKEN,
                    type() + " " + key(),
                    "Could not check the session of the migration lock (" + type() + " " + key() + "): "
                            + SqlRedactor.message(String.valueOf(e.getMessage())),
                    e);
        }
        log.debug("Took the migration lock (" + type() + " " + key() + ")");
        return Optional.of(new Handle(connection, waited));
    }

    static void requireAutoCommit(Connection connection, MigrationLock lock) {
        try {
            if (!connection.getAutoCommit()) {
                throw new LockException(
                        LockException.Reason.NOT_TAKEN,
                        lock.type() + " " + lock.key(),
                        "The migration lock (" + lock.type() + " " + lock.key()
                                + ") is taken on a connection in auto-commit mode, so that no transaction stays"
                                + " open while waiting; this one has auto-commit off",
                        null);
            }
        } catch (SQLException e) {
            throw new LockException(
                    LockException.Reason.NOT_TAKEN,
                    lock.type() + " " + lock.key(),
                    "The connection for the migration lock is not usable: "
                            + SqlRedactor.message(String.valueOf(e.getMessage())),
                    e);
        }
    }

    /** Aborts the physical connection (closing its socket), so the server ends the session and its locks. */
    static void abort(Connection connection, String why) {
        log.warn("Aborting the migration connection so it cannot return to a pool holding a lock: " + why);
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            log.error("Aborting the migration connection failed; closing it instead", e);
            try {
                connection.close();
            } catch (SQLException | RuntimeException ignored) {
                // nothing more can be done from here; the server ends the session when it notices
            }
        }
    }

    static void put(Map<String, String> details, String name, @Nullable String value) {
        if (value != null && !value.isEmpty()) {
            details.put(name, value);
        }
    }

    private final class Handle implements LockHandle {

        private final Connection connection;
        private final Duration waited;
        private final AtomicBoolean closed = new AtomicBoolean();

        Handle(Connection connection, Duration waited) {
            this.connection = connection;
            this.waited = waited;
        }

        @Override
        public Duration waited() {
            return waited;
        }

        @Override
        public void assertHeld() {
            // The database holds the lock as long as the session lives; a dead session fails the run's next statement.
        }

        @Override
        public void fence(Connection connection) {
            // Nothing to check: the history write runs in the session that holds the lock.
        }

        @Override
        public boolean fenceSendsNothing() {
            return true;
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            String what = type() + " " + key();
            try {
                if (connection.isClosed()) {
                    log.warn("The migration connection was already closed at release of the lock (" + what
                            + "); the database ends a session lock with its session");
                    return;
                }
                if (unlock(connection)) {
                    log.debug("Released the migration lock (" + what + ")");
                    return;
                }
                abort(connection, "the database says this session did not hold the lock (" + what + ") at release");
            } catch (SQLException | RuntimeException e) {
                abort(connection, "releasing the lock (" + what + ") failed: " + e.getMessage());
            }
        }
    }
}
