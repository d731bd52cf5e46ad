package dev.migrate.internal.execute;

import dev.migrate.internal.log.Log;
import dev.migrate.internal.parse.SqlStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * A request that one run stop, made from another thread (a shutdown hook on SIGTERM). Once
 * requested, the statement the run is sending is cancelled on the server (JDBC {@link
 * Statement#cancel()}: PostgreSQL's cancel request, MySQL's {@code KILL QUERY}) and no further
 * statement starts; the run then fails as a failed statement does: a transactional migration rolls
 * back, one that cannot is marked failed, and the lock is released on the run's own connection.
 *
 * <p>A cancel that reaches the server just before the statement does cancels nothing, so the
 * stopper asks again ({@link #cancelRunning()}) until the run has ended.
 */
public final class RunStop {

    private static final Log log = Log.of(RunStop.class);

    /** SQL state of a statement that was not run because the run was asked to stop. */
    static final String STOPPED_STATE = "57014";

    private volatile boolean requested;
    private volatile @Nullable Statement running;

    /** Asks the run to stop and cancels the statement it sends now, if any. */
    public void request() {
        requested = true;
        cancelRunning();
    }

    /** Whether a stop was requested. */
    public boolean requested() {
        return requested;
    }

    /** Cancels the statement the run sends now, if any; does nothing before a stop was requested. */
    public void cancelRunning() {
        Statement statement = running;
        if (!requested || statement == null) {
            return;
        }
        try {
            statement.cancel();
        } catch (SQLException | RuntimeException e) {
            log.debug("Cancelling the running migration statement failed", e);
        }
    }

    /** The migration's statements go through {@code statement} from now on. */
    void sendingThrough(Statement statement) {
        running = statement;
    }

    /** The migration's statement is closed. */
    void sent() {
        running = null;
    }

    /**
     * Refuses to start {@code next} once a stop was requested.
     *
     * @throws StatementFailedException naming the statement that did not run
     */
    void beforeStatement(SqlStatement next, int before) {
        if (requested) {
            throw new StatementFailedException(
                    next,
                    before,
                    new SQLException(
                            "not started: the process is stopping (SIGTERM or a shutdown), and the run with it",
                            STOPPED_STATE));
        }
    }
}
