package dev.migrate.internal.run;

import dev.migrate.MigrationDatabaseException;
import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.history.PlanningReads;
import dev.migrate.internal.lock.LockSettings;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Opens a {@link RunSession} on a connection of the data source for one operation, and after it
 * restores the session settings the operation changed and hands the connection back. A database
 * error becomes a {@link MigrationDatabaseException} naming the history table.
 */
final class Sessions {

    private static final Log log = LogFactory.getLog(MigrationRunner.OPERATOR_LOG);

    private final DataSource dataSource;
    private final TableName historyTable;
    private final LockSettings lockSettings;
    private final PlanningReads planningReads;

    Sessions(DataSource dataSource, TableName historyTable, LockSettings lockSettings, PlanningReads planningReads) {
        this.dataSource = dataSource;
        this.planningReads = planningReads;
        this.historyTable = historyTable;
        this.lockSettings = lockSettings;
    }

    /** Runs {@code work} on a session whose history table's schema is resolved first. */
    <T> T run(Work<T> work) {
        return run(true, work);
    }

    /**
     * @param resolveNow whether to resolve the history table's schema before the work. A run
     *     resolves it itself once its first read showed work to do, before the lock: that first
     *     read, through the search path, reads the very table the resolution names, so the common
     *     boot stays one query.
     */
    <T> T run(boolean resolveNow, Work<T> work) {
        try (HandBack handBack = new HandBack(dataSource.getConnection())) {
            Connection connection = handBack.connection;
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            RunSession session = new RunSession(
                    connection, Dialects.detect(connection), historyTable, lockSettings, dataSource, planningReads);
            try {
                if (resolveNow) {
                    session.resolveSchema();
                }
                return work.run(session);
            } finally {
                session.restore();
            }
        } catch (SQLException e) {
            throw new MigrationDatabaseException(
                    "database error on " + historyTable + ": " + e.getMessage() + " (SQL state " + e.getSQLState()
                            + ")",
                    e);
        }
    }

    /** What an operation does with its session. */
    @FunctionalInterface
    interface Work<T> {
        T run(RunSession session) throws SQLException;
    }

    /**
     * Closes the run's connection (handing it back to its pool) after the work. The work's outcome
     * stands whatever closing says: a connection that was aborted because releasing the lock
     * failed makes a pool's close fail (and the pool discard it), and a run that succeeded must
     * not turn into an error then. So a failed close is a warning.
     */
    private static final class HandBack implements AutoCloseable {
        private final Connection connection;

        private HandBack(Connection connection) {
            this.connection = connection;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (SQLException | RuntimeException e) {
                log.warn("Could not hand the migration connection back to its pool (" + e.getMessage()
                        + "); the run's result stands, and a pool discards a broken connection");
            }
        }
    }
}
