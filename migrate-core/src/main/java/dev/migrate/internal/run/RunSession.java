package dev.migrate.internal.run;

import dev.migrate.LockInfo;
import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.SessionSettings;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.history.HistoryRepository;
import dev.migrate.internal.history.HistorySchema;
import dev.migrate.internal.history.PlanningReads;
import dev.migrate.internal.lock.LockSettings;
import dev.migrate.internal.lock.MigrationLock;
import dev.migrate.internal.lock.MigrationLocks;
import dev.migrate.internal.plan.MigrationOrder;
import dev.migrate.internal.session.SessionGuard;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * One operation's pinned connection and what was learned about it: its dialect, the history table
 * in the schema resolved for this operation, and the guard that restores the session settings the
 * operation changed. {@link Sessions} opens it and hands the connection back.
 */
final class RunSession {

    private final Connection connection;
    private final Dialect dialect;
    private final TableName configuredTable;
    private final LockSettings lockSettings;
    private final DataSource dataSource; // for a lock that needs connections of its own
    private final PlanningReads planningReads;
    private HistoryRepository history;
    private @Nullable TableName table; // the history table in the schema resolved for this run
    /** Set once the run changes the session; restores it before the connection goes back. */
    private @Nullable SessionGuard guard;

    RunSession(
            Connection connection,
            Dialect dialect,
            TableName configuredTable,
            LockSettings lockSettings,
            DataSource dataSource,
            PlanningReads planningReads) {
        this.connection = connection;
        this.planningReads = planningReads;
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.configuredTable = configuredTable;
        this.lockSettings = lockSettings;
        this.history = repository(HistorySchema.asTheSearchPathFindsIt(dialect, configuredTable));
    }

    Connection connection() {
        return connection;
    }

    Dialect dialect() {
        return dialect;
    }

    /** The history, through the resolved table once {@link #resolveSchema()} ran, else the search path. */
    HistoryRepository history() {
        return history;
    }

    /** The history table in its resolved schema, or null before {@link #resolveSchema()}. */
    @Nullable
    TableName table() {
        return table;
    }

    /** Fixes the history table's schema for the rest of the run (once; before any lock). */
    void resolveSchema() throws SQLException {
        if (table == null) {
            TableName resolved = HistorySchema.resolve(connection, dialect, configuredTable);
            history = repository(resolved);
            table = resolved;
        }
    }

    /** Every statement on the history and side tables waits at most the lock timeout for them. */
    private HistoryRepository repository(TableName historyTable) {
        return new HistoryRepository(
                dialect,
                historyTable,
                historyTable.withSuffix(TableName.SIDE_SUFFIX),
                MigrationOrder.INSTANCE,
                planningReads,
                lockSettings.timeout());
    }

    /** The migration lock for the resolved history table (resolving it first). */
    MigrationLock lock() throws SQLException {
        resolveSchema();
        return MigrationLocks.create(
                lockSettings,
                dialect,
                Objects.requireNonNull(table),
                configuredTable.toString(),
                dataSource,
                connection);
    }

    /** What the lock is and who holds it now. */
    LockInfo lockInfo() throws SQLException {
        MigrationLock lock = lock();
        return new LockInfo(lock.type(), lock.key(), lock.holder(connection).orElse(null));
    }

    /** Sets the run's session settings; {@link #restore()} (or closing the session) undoes them. */
    SessionGuard guard(String applicationName) throws SQLException {
        SessionGuard opened = SessionGuard.open(
                connection, dialect, new SessionSettings(applicationName, lockSettings.connectionCheckInterval()));
        guard = opened;
        return opened;
    }

    /** Restores what {@link #guard} changed, if anything; safe to call twice. */
    void restore() {
        if (guard != null) {
            guard.restore();
        }
    }
}
