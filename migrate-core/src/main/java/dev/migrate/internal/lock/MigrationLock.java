package dev.migrate.internal.lock;

import dev.migrate.LockHolder;
import dev.migrate.LockType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * A lock that makes one run of migrations exclusive across processes. Every kind is held through
 * the run's one pinned connection (the same connection that runs the migrations), so a lock can
 * never outlive the work it guards by being handed back to a pool.
 */
public interface MigrationLock {

    /** Which kind this is. */
    LockType type();

    /** What it locks on, for people: an advisory key, a lock name, a lock table row. */
    String key();

    /**
     * Takes the lock for the connection given, polling with backoff until it is free or the
     * configured timeout passes. While waiting it logs the current holder every few seconds.
     *
     * @param connection the run's pinned connection, in auto-commit mode
     * @throws dev.migrate.LockException when the timeout passes (naming the holder) or the
     *     connection fails
     */
    default LockHandle acquire(Connection connection) {
        return acquire(connection, () -> true)
                .orElseThrow(() -> new IllegalStateException("a lock that is always needed was given up"));
    }

    /**
     * As {@link #acquire(Connection)}, but between tries asks {@code stillNeeded} (on the same
     * connection, in auto-commit) whether the lock is still needed, and gives up waiting, empty,
     * as soon as it says no: a replica that finds the work done by the holder it waited for
     * returns without queueing for the lock.
     */
    Optional<LockHandle> acquire(Connection connection, StillNeeded stillNeeded);

    /** Whether the lock is still needed, asked between tries while waiting. */
    @FunctionalInterface
    interface StillNeeded {
        boolean check() throws SQLException;
    }

    /** Who holds the lock now, if the database can tell; empty when it is free. */
    Optional<LockHolder> holder(Connection connection) throws SQLException;
}
