package dev.migrate.internal.session;

import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.SessionSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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

    private static final Log log = LogFactory.getLog(SessionGuard.class);

    private final Connection connection;
    private final SessionState state;
    private final SessionState.Snapshot captured;
    private boolean restored;

    private SessionGuard(Connection connection, SessionState state, SessionState.Snapshot captured) {
        this.connection = connection;
        this.state = state;
        this.captured = captured;
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
        SessionGuard guard = new SessionGuard(connection, state, state.capture(connection));
        try {
            if (state.throughProxy(connection)) {
                log.info("The migration connection goes through a proxy (PgBouncer?): its statements are not"
                        + " prepared on the server, and keepalives and client_connection_check_interval are not set"
                        + " (they would watch the proxy's connection, not this process's)");
                state.adaptToProxy(connection);
                settings = new SessionSettings(settings.applicationName(), Duration.ZERO);
            }
            dialect.configureSession(connection, settings);
        } catch (SQLException | RuntimeException e) {
            guard.restore();
            throw e;
        }
        return guard;
    }

    /**
     * Inside a history write's transaction, before its first statement: acts as the user and role
     * the connection came with until that transaction ends.
     */
    public void actAsMigratingUser() throws SQLException {
        state.actAsCapturedUser(connection, captured);
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
