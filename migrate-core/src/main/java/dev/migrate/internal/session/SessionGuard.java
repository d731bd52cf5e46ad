package dev.migrate.internal.session;

import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.SessionSettings;
import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The run's pinned connection goes back to the application's pool as it came. Opening the guard
 * captures the session (PostgreSQL: every setting set in the session, the authorization and the
 * role; MySQL/MariaDB: the session variables, the role and the current database), then applies
 * the run's own settings ({@code application_name}, keepalives). {@link #restore()} puts back
 * everything the run or a migration changed, and nothing else: the driver's prepared statements
 * and the application's own session settings survive. A connection whose session cannot be put
 * back is aborted rather than returned to the pool.
 *
 * <p>History writes happen as the migrating user: {@link #actAsMigratingUser()} undoes, for the
 * rest of the history write's transaction only, a role or authorization a migration switched to
 * (so a migration that runs {@code set role app_owner} creates objects owned by that role and is
 * still recorded by the user who may write the history).
 */
public final class SessionGuard {

    private static final Log log = Log.of(SessionGuard.class);

    /** How long {@link #discardLeftovers} waits to learn whether the connection still works. */
    private static final int VALID_SECONDS = 5;

    private final Connection connection;
    private final Dialect dialect;
    private final SessionState state;
    private final SessionState.Snapshot captured;
    /** What the session held before the run; null behind a proxy, where nothing is removed. */
    private final @Nullable Set<SessionState.Leftover> heldBefore;

    private boolean restored;
    private boolean discarded;
    /** Whether the connection goes through a proxy: nothing was set on the server, so nothing is put back there. */
    private boolean throughProxy;

    private SessionGuard(
            Connection connection,
            Dialect dialect,
            SessionState state,
            SessionState.Snapshot captured,
            @Nullable Set<SessionState.Leftover> heldBefore) {
        this.connection = connection;
        this.dialect = dialect;
        this.state = state;
        this.captured = captured;
        this.heldBefore = heldBefore;
    }

    /**
     * Captures the session of {@code connection}, then applies {@code settings} to it.
     *
     * @throws SQLException when the session cannot be read or configured (it is then put back)
     */
    public static SessionGuard open(Connection connection, Dialect dialect, SessionSettings settings)
            throws SQLException {
        SessionState state = switch (dialect.kind()) {
            case POSTGRESQL -> new PostgresSessionState();
            case MYSQL -> new MySqlSessionState();
            case H2 -> SessionState.NONE;
        };
        SessionState.Snapshot captured = state.capture(connection);
        // Behind a proxy the next statement may run on another client's server connection: what
        // is there is not the run's to remove, so nothing is listed (and nothing removed).
        boolean proxied = state.throughProxy(connection);
        SessionGuard guard =
                new SessionGuard(connection, dialect, state, captured, proxied ? null : state.leftovers(connection));
        try {
            if (proxied) {
                log.info("The migration connection goes through a proxy (PgBouncer?): there may be no session, so"
                        + " the run sets no session state (application_name, keepalives,"
                        + " client_connection_check_interval, lock_timeout) on server connections that other"
                        + " clients get next, and its statements are not prepared on the server");
                guard.throughProxy = true;
                return guard;
            }
            dialect.configureSession(connection, settings);
        } catch (SQLException | RuntimeException e) {
            guard.restore();
            throw e;
        }
        return guard;
    }

    /**
     * Whether the connection goes through a proxy (PgBouncer, Pgpool) where there may be no session:
     * the run then sets nothing that outlives a transaction.
     */
    public boolean throughProxy() {
        return throughProxy;
    }

    /**
     * Inside a history write's transaction, before its first statement: acts as the user and role
     * the connection came with until that transaction ends.
     */
    public void actAsMigratingUser() throws SQLException {
        state.actAsCapturedUser(connection, captured);
    }

    /**
     * {@link #actAsMigratingUser()} as statements that return nothing, to send in a batch inside
     * the history write's transaction; null where the database needs it called instead.
     */
    public @Nullable List<String> actAsMigratingUserStatements() {
        return state.actAsCapturedUserStatements(captured, dialect);
    }

    /**
     * Ends table locks a migration took and kept ({@code LOCK TABLES} on MySQL/MariaDB survives a
     * rollback): before a failure is recorded in tables the lock does not name.
     */
    public void releaseTableLocks() throws SQLException {
        state.releaseTableLocks(connection);
    }

    /**
     * After the run released its own lock: removes what the migrations left in the session beyond
     * settings and was not there when the guard opened (PostgreSQL: session advisory locks,
     * SQL-level prepared statements, {@code WITH HOLD} cursors, temporary tables, {@code LISTEN}
     * channels; MySQL/MariaDB: {@code LOCK TABLES} and named locks), so the pool's next borrower
     * does not inherit them. Not behind a proxy (PgBouncer): there the session is not the run's. Runs once; never throws: where that fails, the physical connection is
     * aborted.
     */
    public void discardLeftovers() {
        Set<SessionState.Leftover> before = heldBefore;
        if (discarded || before == null) {
            return;
        }
        discarded = true;
        try {
            // isValid, unlike a statement, leaves a pool's view of a connection aborted at release as it is
            if (connection.isClosed() || !connection.isValid(VALID_SECONDS)) {
                return;
            }
            List<String> removed = state.discardLeftovers(connection, before);
            if (!removed.isEmpty()) {
                log.warn("The migrations left " + String.join(", ", removed) + " in the migration connection's"
                        + " session; removed before it goes back to the pool");
            }
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                // already aborted (a failed release) or broken: it holds nothing any more
                log.debug("The migration connection is gone; nothing left in its session: " + e.getMessage());
                return;
            }
            abort(e);
        } catch (RuntimeException e) {
            abort(e);
        }
    }

    private void abort(Exception e) {
        log.warn("Could not remove what the migrations left in the migration connection's session (" + e.getMessage()
                + "); aborting it so that the pool does not hand it out");
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException abort) {
            log.debug("Aborting the migration connection failed", abort);
        }
    }

    /**
     * Puts back every session setting that differs from the captured one. Runs once; never throws:
     * where the session cannot be put back, the physical connection is aborted so that no other
     * user of the pool gets it.
     */
    public void restore() {
        if (restored) {
            return;
        }
        restored = true;
        try {
            if (connection.isClosed()) {
                return;
            }
            if (throughProxy) {
                return;
            }
            List<String> changed = state.restore(connection, captured);
            if (log.isDebugEnabled() && !changed.isEmpty()) {
                log.debug("Restored the session settings " + changed + " of the migration connection");
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not restore the session of the migration connection (" + e.getMessage()
                    + "); aborting it so that the pool does not hand it out with the run's settings");
            try {
                connection.abort(Runnable::run);
            } catch (SQLException | RuntimeException abort) {
                log.debug("Aborting the migration connection failed", abort);
            }
        }
    }
}
