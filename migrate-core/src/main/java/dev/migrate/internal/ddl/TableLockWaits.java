package dev.migrate.internal.ddl;

import dev.migrate.internal.dialect.DatabaseKind;
import dev.migrate.internal.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** How one database bounds a statement's wait for locks, says that it gave up, and names who blocked it. */
interface TableLockWaits {

    /** The database's lock wait support, or empty where migrate has none (H2). */
    static Optional<TableLockWaits> of(DatabaseKind kind) {
        return switch (kind) {
            case POSTGRESQL -> Optional.of(new PostgresTableLockWaits());
            case MYSQL -> Optional.of(new MySqlTableLockWaits());
            case H2 -> Optional.empty();
        };
    }

    /** Whether a failed transactional migration can be rolled back whole and run again (its DDL is transactional). */
    boolean transactionalDdl();

    /** The session's current setting, to restore after the run. */
    String current(Connection connection) throws SQLException;

    /** Sets the session's lock wait to {@code timeout}. */
    void set(Connection connection, Duration timeout) throws SQLException;

    /**
     * Sets the lock wait to {@code timeout} for the rest of the connection's current transaction
     * only, where there may be no session (behind a proxy), and returns the server's id of the
     * session the transaction runs in.
     */
    long setForTransaction(Connection connection, Duration timeout) throws SQLException;

    /** Puts back a value {@link #current} returned. */
    void restore(Connection connection, String previous) throws SQLException;

    /**
     * Whether the statement failed because it gave up waiting for a lock (it had no effect): the
     * {@linkplain Dialect#isLockTimeout dialect's} error code.
     */
    boolean isLockTimeout(SQLException e);

    /** The server's id of the connection's session. */
    long sessionId(Connection connection) throws SQLException;

    /**
     * The sessions that block {@code sessionId} now, asked on another connection ({@code
     * observer}); empty when it does not wait.
     */
    List<Blocker> blockers(Connection observer, long sessionId) throws SQLException;
}
