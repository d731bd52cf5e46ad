package dev.migrate.internal.run;

import dev.migrate.MigrationDatabaseException;
import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.DriverRestore;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.history.HistoryRepository;
import dev.migrate.internal.history.PlanningReads;
import dev.migrate.internal.lock.LockSettings;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.redact.SqlRedactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Opens a {@link RunSession} on a connection of the data source for one operation, and after it
 * restores the session settings the operation changed and hands the connection back. A database
 * error becomes a {@link MigrationDatabaseException} naming the history table; one that ran past
 * its bound (the lock timeout, or a status's own bound) also names who holds a lock on the tables.
 */
final class Sessions {

    private static final Log log = Log.named(OperatorLog.NAME);

    private final DataSource dataSource;
    private final TableName historyTable;
    private final LockSettings lockSettings;
    private final PlanningReads planningReads;
    private final ConnectRetry connectRetry;

    Sessions(
            DataSource dataSource,
            TableName historyTable,
            LockSettings lockSettings,
            PlanningReads planningReads,
            ConnectRetry connectRetry) {
        this.dataSource = dataSource;
        this.connectRetry = connectRetry;
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
        return run(resolveNow, lockSettings, work);
    }

    /**
     * As {@link #run(Work)}, with every statement on the history, side and lease tables bounded by
     * {@code bound} instead of the lock timeout: for a status that must answer soon.
     */
    <T> T bounded(Duration bound, Work<T> work) {
        LockSettings settings = new LockSettings(
                lockSettings.type(),
                lockSettings.key(),
                bound,
                lockSettings.leaseTime(),
                lockSettings.connectionCheckInterval());
        return run(true, settings, work);
    }

    private <T> T run(boolean resolveNow, LockSettings settings, Work<T> work) {
        Dialect dialect = null;
        RunSession session = null;
        try (HandBack handBack = new HandBack(connectRetry.connect(dataSource))) {
            Connection connection = handBack.connection;
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            dialect = Dialects.detect(connection);
            session = new RunSession(connection, dialect, historyTable, settings, dataSource, planningReads);
            try (DriverRestore driver = dialect.sendUnnamed(connection)) {
                try {
                    if (resolveNow) {
                        session.resolveSchema();
                    }
                    return work.run(session);
                } finally {
                    session.restore();
                }
            }
        } catch (SQLException e) {
            // the run's connection is back in its pool here: a pool of one can lend it to the look-up
            if (dialect != null && session != null && dialect.isQueryTimeout(e)) {
                throw timedOut(dialect, session, settings.timeout(), e);
            }
            // a driver that cannot connect may quote the URL, password and all
            throw new MigrationDatabaseException(
                    "database error on " + historyTable + ": " + SqlRedactor.message(String.valueOf(e.getMessage()))
                            + " (SQL state " + e.getSQLState() + ")",
                    SqlRedactor.redacted(e));
        }
    }

    /**
     * A statement on the history, side or lease table ran past its bound: another session holds a
     * lock on one of them (an {@code ALTER} in an open transaction, {@code VACUUM FULL}, {@code LOCK
     * TABLE(S)}). The error names the tables and, where the database tells, who holds the lock.
     */
    private MigrationDatabaseException timedOut(Dialect dialect, RunSession session, Duration bound, SQLException e) {
        List<TableName> tables = new ArrayList<>(session.history().tables());
        tables.add(tables.get(0).withSuffix(TableName.LEASE_SUFFIX));
        String holders;
        try (Connection observer = dataSource.getConnection()) {
            List<String> found = dialect.tableLockHolders(observer, tables);
            holders = found.isEmpty()
                    ? "; the database does not tell who holds the lock (look for sessions with an open transaction"
                            + " or LOCK TABLES on them)"
                    : "; held by " + String.join("; ", found);
        } catch (SQLException | RuntimeException lookup) {
            holders = "; who holds the lock could not be read: "
                    + SqlRedactor.message(String.valueOf(lookup.getMessage()));
        }
        String names =
                String.join(", ", tables.stream().map(TableName::toString).toList());
        return new MigrationDatabaseException(
                "gave up after " + HistoryRepository.timeoutSeconds(bound) + " s waiting for a lock another session"
                        + " holds on the migration tables (" + names + ")" + holders + " (SQL state "
                        + e.getSQLState() + ": " + e.getMessage() + ")",
                e,
                true);
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
