package dev.migrate.internal.ddl;

import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How long the run's statements wait for table locks, as the guard sets it on the run's session:
 * set at the start (the session's previous value kept), lifted for one {@code … CONCURRENTLY}
 * statement, put back at the end. Behind a proxy such as PgBouncer, where there may be no session,
 * nothing is set on the session: each migration's transaction gets the wait with {@code SET LOCAL}
 * (a {@code notransaction} migration's statements then wait as the server's settings say).
 */
final class TableLockWaitSetting {

    private static final Log log = Log.of(TableLockWaitSetting.class);

    private final TableLockWaits waits;
    private final Duration lockTimeout;
    private final Connection connection;
    /** The session's value before the run; null behind a proxy. */
    private final @Nullable String previous;
    /** The session's value as the guard set it, read back in the database's own form; null behind a proxy. */
    private final @Nullable String guardValue;
    /** Behind a proxy: the wait is set in each migration's transaction ({@code SET LOCAL}), never on the session. */
    private final boolean perTransaction;
    /** The server session the run's statements run in; behind a proxy, the one of the current transaction. */
    private volatile long sessionId;

    private TableLockWaitSetting(
            TableLockWaits waits,
            Duration lockTimeout,
            Connection connection,
            @Nullable String previous,
            @Nullable String guardValue,
            boolean perTransaction,
            long sessionId) {
        this.waits = waits;
        this.lockTimeout = lockTimeout;
        this.connection = connection;
        this.previous = previous;
        this.guardValue = guardValue;
        this.perTransaction = perTransaction;
        this.sessionId = sessionId;
    }

    /**
     * Sets the session's wait to {@code lockTimeout}, or, {@code throughProxy}, leaves it to each
     * transaction ({@link #transactionStarted}).
     */
    static TableLockWaitSetting set(
            TableLockWaits waits, Duration lockTimeout, Connection connection, boolean throughProxy)
            throws SQLException {
        if (throughProxy) {
            return new TableLockWaitSetting(waits, lockTimeout, connection, null, null, true, -1);
        }
        String previous = waits.current(connection);
        long sessionId = waits.sessionId(connection);
        waits.set(connection, lockTimeout);
        return new TableLockWaitSetting(
                waits, lockTimeout, connection, previous, waits.current(connection), false, sessionId);
    }

    /** Behind a proxy: the wait for this transaction only, and the session it runs in. */
    void transactionStarted(Connection on) throws SQLException {
        if (perTransaction) {
            sessionId = waits.setForTransaction(on, lockTimeout);
        }
    }

    /** The server's id of the session the run's statements run in now. */
    long sessionId() {
        return sessionId;
    }

    /**
     * Sets the session's wait to {@code wait} where it is the guard's own (a wait the migration
     * itself set stays); returns the value to {@linkplain #putBack put back}, or null when nothing
     * was changed.
     */
    @Nullable
    String lift(Connection on, Duration wait) throws SQLException {
        if (guardValue == null || !guardValue.equals(waits.current(on))) {
            return null;
        }
        waits.set(on, wait);
        return guardValue;
    }

    /** Puts back what {@link #lift} returned. */
    void putBack(Connection on, String lifted) throws SQLException {
        waits.restore(on, lifted);
    }

    /** Puts the session's wait back as it was before the run. */
    void restore() {
        if (previous == null) {
            return;
        }
        try {
            if (!connection.isClosed()) {
                waits.restore(connection, previous);
            }
        } catch (SQLException e) {
            log.warn("Could not restore the session's lock wait setting (" + previous + "): " + e.getMessage());
        }
    }
}
