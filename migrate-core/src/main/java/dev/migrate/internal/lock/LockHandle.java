package dev.migrate.internal.lock;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/** A lock that was taken; closing it releases it, on the connection that took it. */
public interface LockHandle extends AutoCloseable {

    /** How long acquiring waited for another holder. */
    Duration waited();

    /**
     * Throws if the lock is known to be lost (a lease that expired or was taken over). Called
     * before each migration so a run that lost its lock stops before doing more.
     *
     * @throws dev.migrate.LockException naming what happened
     */
    void assertHeld();

    /**
     * Called inside each history-write transaction, on the pinned connection, before it commits:
     * a lock that can be lost (a lease) checks there that it is still ours, so a holder that lost
     * it cannot record a migration. Connection-bound locks do nothing.
     *
     * @throws dev.migrate.LockException when the lock is no longer ours
     */
    void fence(Connection connection) throws SQLException;

    /**
     * Whether {@link #fence} sends nothing to the database (a lock the session itself holds), so
     * that the history write may go in the same batch as the migration's last statements.
     */
    default boolean fenceSendsNothing() {
        return false;
    }

    /**
     * Releases the lock on its own connection and checks the result; where release fails, the
     * physical connection is aborted so that it never returns to a pool still holding the lock.
     */
    @Override
    void close();
}
