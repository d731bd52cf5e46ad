package dev.migrate;

import dev.migrate.ddl.LockRetry;
import dev.migrate.dialect.DatabaseKind;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.Dialects;
import dev.migrate.dialect.SessionSettings;
import dev.migrate.dialect.TableName;
import dev.migrate.execute.MigrationExecutor;
import dev.migrate.execute.StatementProgress;
import dev.migrate.execute.Transactions;
import dev.migrate.history.AppliedRow;
import dev.migrate.history.HistoryRepository;
import dev.migrate.history.HistorySchema;
import dev.migrate.history.HistorySnapshot;
import dev.migrate.history.MigrationDetails;
import dev.migrate.lock.LockHandle;
import dev.migrate.lock.LockOwner;
import dev.migrate.lock.LockSettings;
import dev.migrate.lock.MigrationLock;
import dev.migrate.lock.MigrationLocks;
import dev.migrate.parse.Direction;
import dev.migrate.plan.Migration;
import dev.migrate.plan.MigrationCatalog;
import dev.migrate.plan.MigrationOrder;
import dev.migrate.plan.Plan;
import dev.migrate.plan.Planner;
import dev.migrate.session.SessionGuard;
import dev.migrate.source.MigrationSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs the operations of a {@link Migrator} by the lock protocol: read the history without the
 * lock and return if there is nothing to do; otherwise take the lock on the run's one pinned
 * connection, create the history table if missing, re-read and re-plan under the lock, apply on
 * that same connection, release.
 */
final class MigrationRunner {

    private static final Log log = LogFactory.getLog(Migrator.class);

    /** How often a statement still running is reported, unless a builder says otherwise. */
    static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final MigrationSource source;
    private final MigrationOptions options;
    private final LockSettings lockSettings;
    private final Planner planner;
    private final Duration progressInterval;
    private final Callbacks callbacks;
    private final LiveTrafficOptions live;

    MigrationRunner(DataSource dataSource, MigrationSource source, MigrationOptions options, LockSettings lock) {
        this(dataSource, source, options, lock, DEFAULT_PROGRESS_INTERVAL, List.of(), LiveTrafficOptions.defaults());
    }

    MigrationRunner(
            DataSource dataSource,
            MigrationSource source,
            MigrationOptions options,
            LockSettings lock,
            Duration progressInterval,
            List<MigrateCallback> callbacks,
            LiveTrafficOptions live) {
        this.live = live;
        this.dataSource = dataSource;
        this.source = source;
        this.options = options;
        this.lockSettings = lock;
        this.progressInterval = progressInterval;
        this.callbacks = new Callbacks(callbacks);
        this.planner = new Planner(options.ignoreUnknown(), options.validateChecksums(), options.retryFailed());
    }

    MigrateResult up(int limit, @Nullable String target) {
        return run(Operation.UP, (migrations, history) -> planner.up(migrations, history, limit, target));
    }

    MigrateResult down(int count, @Nullable String target) {
        return run(Operation.DOWN, (migrations, history) -> planner.down(migrations, history, count, target));
    }

    MigrateResult redo() {
        return run(Operation.REDO, (migrations, history) -> planner.down(migrations, history, 1, null));
    }

    MigrateResult skip(int limit, @Nullable String target) {
        return run(Operation.SKIP, (migrations, history) -> planner.up(migrations, history, limit, target));
    }

    DataSource dataSource() {
        return dataSource;
    }

    ValidationReport validate() {
        List<Migration> migrations = MigrationCatalog.load(source);
        Map<String, Migration> byId = new TreeMap<>(MigrationOrder.INSTANCE);
        migrations.forEach(m -> byId.put(m.id(), m));
        String newest = Planner.newest(migrations);
        return withConnection(session -> {
            HistorySnapshot history = session.history.read(session.connection);
            List<String> edited = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (AppliedRow applied : history.applied()) {
                Migration migration = byId.get(applied.id());
                if (migration == null) {
                    // a future migration (newer than every file, from a newer release) is no problem
                    if (!options.ignoreUnknown() && !Planner.isFuture(newest, applied.id())) {
                        unknown.add(applied.id());
                    }
                    continue;
                }
                MigrationDetails details = history.details(applied.id()).orElse(null);
                if (details != null
                        && details.checksum() != null
                        && !details.failed()
                        && !details.checksum().equals(migration.checksum())) {
                    edited.add(applied.id());
                }
            }
            for (MigrationDetails details : history.details().values()) {
                if (details.failed()) {
                    failed.add(details.id());
                }
            }
            return new ValidationReport(edited, unknown, failed);
        });
    }

    StatusReport status() {
        List<Migration> migrations = MigrationCatalog.load(source);
        return withConnection(session -> {
            HistorySnapshot history = session.history.read(session.connection);
            return new StatusReport(describe(migrations, history), lockInfo(session));
        });
    }

    LockInfo lockInfo() {
        return withConnection(this::lockInfo);
    }

    RepairResult repair() {
        List<Migration> migrations = MigrationCatalog.load(source);
        return withConnection(session -> {
            MigrationLock lock = session.lock(dataSource);
            try (LockHandle handle = lock.acquire(session.connection)) {
                session.history.createTables(session.connection);
                HistorySnapshot history = session.history.read(session.connection);
                List<String> cleared = new ArrayList<>();
                List<String> updated = new ArrayList<>();
                Transactions.inTransaction(session.connection, () -> {
                    for (MigrationDetails details : history.details().values()) {
                        if (details.failed() || details.downFailed()) {
                            session.history.clearFailure(session.connection, details.id());
                            cleared.add(details.id());
                        }
                    }
                    for (Migration migration : migrations) {
                        if (history.applied(migration.id()).isEmpty()) {
                            continue;
                        }
                        String recorded = history.details(migration.id())
                                .map(MigrationDetails::checksum)
                                .orElse(null);
                        if (!migration.checksum().equals(recorded)) {
                            session.history.updateChecksum(
                                    session.connection, migration.id(), migration.checksum(), LockOwner.thisProcess());
                            updated.add(migration.id());
                        }
                    }
                    handle.fence(session.connection);
                    return null;
                });
                cleared.forEach(
                        id -> log.info("Repair: cleared the failure of " + id + "; the next run may run it again"));
                updated.forEach(id -> log.info("Repair: recorded the current checksum of " + id));
                return new RepairResult(cleared, updated);
            }
        });
    }

    private MigrateResult run(Operation operation, PlanFunction planning) {
        MigrateOperation heard = operation.heard();
        try {
            callbacks.beforeRun(heard);
            MigrateResult result = runLocked(operation, planning);
            callbacks.afterRun(heard, result);
            return result;
        } catch (MigrateException failure) {
            callbacks.onFailure(heard, failure);
            throw failure;
        }
    }

    private MigrateResult runLocked(Operation operation, PlanFunction planning) {
        long start = System.nanoTime();
        List<Migration> migrations = MigrationCatalog.load(source);
        return withConnection(false, session -> {
            Plan plan = planning.plan(migrations, session.history.readForPlanning(session.connection));
            plan.future()
                    .forEach(id -> log.warn(id + " is applied but newer than every migration found: a newer release"
                            + " applied it (a rolling deploy or a rollback?); leaving it as it is"));
            DatabaseDescription database = DatabaseDescription.of(
                    session.connection, options.historyTable().schema());
            if (plan.isEmpty()) {
                // the one line of a boot with nothing to do; it costs no query of its own
                Duration total = Duration.ofNanos(System.nanoTime() - start);
                if (log.isInfoEnabled()) {
                    log.info(database + ": up to date, nothing pending (" + migrations.size() + " migration"
                            + (migrations.size() == 1 ? "" : "s") + ", history "
                            + options.historyTable().name() + ", checked in " + total.toMillis() + " ms)");
                }
                return new MigrateResult(List.of(), false, Duration.ZERO, total);
            }
            session.resolveSchema();
            if (log.isInfoEnabled()) {
                TableName resolved = session.table;
                log.info("Migrating " + database.withSchema(resolved == null ? null : resolved.schema()) + ": "
                        + plan.steps().size() + " of " + migrations.size() + " migrations " + operation.planned
                        + " (history " + options.historyTable().name() + ")");
            }
            session.guard = SessionGuard.open(
                    session.connection,
                    session.dialect,
                    new SessionSettings(options.applicationName(), lockSettings.connectionCheckInterval()));
            MigrationLock lock = session.lock(dataSource);
            long waitStart = System.nanoTime();
            Optional<LockHandle> taken = lock.acquire(
                    session.connection,
                    () -> !planning.plan(migrations, session.history.readForPlanning(session.connection))
                            .isEmpty());
            if (taken.isEmpty()) {
                Duration waited = Duration.ofNanos(System.nanoTime() - waitStart);
                log.info("Nothing to do after waiting " + waited.toMillis()
                        + " ms: the process holding the lock applied the migrations");
                return new MigrateResult(List.of(), false, waited, Duration.ofNanos(System.nanoTime() - start));
            }
            // Resources close in reverse order: the session is restored before the lock is released.
            try (LockHandle handle = taken.get();
                    Restore restore = Objects.requireNonNull(session.guard)::restore) {
                session.history.createTables(session.connection);
                Plan locked = planning.plan(migrations, session.history.readForPlanning(session.connection));
                if (operation == Operation.UP && session.dialect.kind() == DatabaseKind.POSTGRESQL) {
                    PendingDdlLint.check(locked.steps(), live.lint());
                }
                List<ExecutedMigration> executed;
                try (LockRetry guard = operation == Operation.SKIP || locked.isEmpty()
                        ? LockRetry.off()
                        : LockRetry.start(
                                live.ddl(),
                                session.dialect.kind(),
                                session.connection,
                                dataSource,
                                live.retryListener())) {
                    executed = apply(operation, locked, session, handle, guard);
                }
                Duration total = Duration.ofNanos(System.nanoTime() - start);
                if (executed.isEmpty()) {
                    log.info("Nothing to do after waiting " + handle.waited().toMillis()
                            + " ms for the lock: another process applied the migrations");
                } else {
                    log.info(operation.verb + " " + executed.size() + " migration" + (executed.size() == 1 ? "" : "s")
                            + " in " + total.toMillis() + " ms (lock " + lock.type() + " " + lock.key()
                            + ", waited " + handle.waited().toMillis() + " ms)");
                }
                return new MigrateResult(executed, true, handle.waited(), total);
            }
        });
    }

    private List<ExecutedMigration> apply(
            Operation operation, Plan plan, Session session, LockHandle handle, LockRetry guard) throws SQLException {
        plan.holes()
                .forEach(id -> log.warn("Applying " + id
                        + " out of order: it is older than the newest applied migration (a branch merged late?)"));
        List<ExecutedMigration> executed = new ArrayList<>();
        if (plan.steps().isEmpty()) {
            return executed;
        }
        try (StatementProgress progress = StatementProgress.every(progressInterval)) {
            MigrationExecutor executor = new MigrationExecutor(
                    session.history,
                    LockOwner.thisProcess(),
                    session.dialect.transactionalDdl(),
                    progress,
                    Objects.requireNonNull(session.guard),
                    guard);
            int n = 0;
            int total = plan.steps().size();
            for (Migration migration : plan.steps()) {
                handle.assertHeld();
                n++;
                if (operation != Operation.SKIP && log.isInfoEnabled()) {
                    log.info(operation.gerund + " " + migration.id() + " (" + n + " of " + total + ")");
                }
                switch (operation) {
                    case UP, DOWN ->
                        executed.add(heard(
                                operation,
                                guard.migration(
                                        migration,
                                        plan.direction(),
                                        () -> executor.execute(
                                                session.connection, migration, plan.direction(), handle))));
                    case SKIP -> executed.add(heard(operation, skip(session, migration, handle)));
                    case REDO -> {
                        executed.add(heard(
                                operation,
                                guard.migration(
                                        migration,
                                        Direction.DOWN,
                                        () -> executor.execute(
                                                session.connection, migration, Direction.DOWN, handle))));
                        handle.assertHeld();
                        executed.add(heard(
                                operation,
                                guard.migration(
                                        migration,
                                        Direction.UP,
                                        () -> executor.execute(session.connection, migration, Direction.UP, handle))));
                    }
                }
            }
        }
        return executed;
    }

    /** Tells the callbacks that {@code migration} ran and was recorded. */
    private ExecutedMigration heard(Operation operation, ExecutedMigration migration) {
        callbacks.afterMigration(operation.heard(), migration);
        return migration;
    }

    private ExecutedMigration skip(Session session, Migration migration, LockHandle handle) throws SQLException {
        Transactions.inTransaction(session.connection, () -> {
            handle.fence(session.connection);
            session.history.recordApplied(
                    session.connection, migration.id(), migration.checksum(), 0, LockOwner.thisProcess());
            return null;
        });
        log.info("Skipped " + migration.id() + ": recorded as applied without running it");
        return new ExecutedMigration(migration.id(), Direction.UP, Duration.ZERO, 0);
    }

    private LockInfo lockInfo(Session session) throws SQLException {
        MigrationLock lock = session.lock(dataSource);
        return new LockInfo(
                lock.type().value(), lock.key(), lock.holder(session.connection).orElse(null));
    }

    private List<MigrationInfo> describe(List<Migration> migrations, HistorySnapshot history) {
        Map<String, MigrationInfo> byId = new TreeMap<>(MigrationOrder.INSTANCE);
        String newest = Planner.newest(migrations);
        for (AppliedRow applied : history.applied()) {
            MigrationDetails details = history.details(applied.id()).orElse(null);
            byId.put(
                    applied.id(),
                    new MigrationInfo(
                            applied.id(),
                            Planner.isFuture(newest, applied.id()) ? MigrationState.FUTURE : MigrationState.UNKNOWN,
                            applied.appliedAt(),
                            details == null ? null : details.checksum(),
                            details == null || details.executionMillis() == null
                                    ? null
                                    : Duration.ofMillis(details.executionMillis()),
                            details == null ? null : details.appliedBy(),
                            null));
        }
        for (Migration migration : migrations) {
            MigrationInfo applied = byId.get(migration.id());
            MigrationDetails details = history.details(migration.id()).orElse(null);
            if (applied != null && details != null && details.downFailed()) {
                byId.put(
                        migration.id(),
                        new MigrationInfo(
                                applied.id(),
                                MigrationState.FAILED,
                                applied.appliedAt(),
                                applied.checksum(),
                                applied.executionTime(),
                                applied.appliedBy(),
                                "Down failed at line " + details.failedLine() + ": " + details.message()));
                continue;
            }
            if (applied != null) {
                byId.put(migration.id(), withState(applied, MigrationState.APPLIED));
                continue;
            }
            if (details != null && details.failed()) {
                byId.put(
                        migration.id(),
                        new MigrationInfo(
                                migration.id(),
                                MigrationState.FAILED,
                                null,
                                details.checksum(),
                                null,
                                details.appliedBy(),
                                "line " + details.failedLine() + ": " + details.message()));
            } else {
                byId.put(
                        migration.id(),
                        new MigrationInfo(
                                migration.id(), MigrationState.PENDING, null, migration.checksum(), null, null, null));
            }
        }
        return List.copyOf(byId.values());
    }

    private static MigrationInfo withState(MigrationInfo info, MigrationState state) {
        return new MigrationInfo(
                info.id(), state, info.appliedAt(), info.checksum(), info.executionTime(), info.appliedBy(), null);
    }

    private <T> T withConnection(SessionWork<T> work) {
        return withConnection(true, work);
    }

    /**
     * @param resolveNow whether to resolve the history table's schema before the work. A run
     *     resolves it itself once its first read showed work to do, before the lock: that first
     *     read, through the search path, reads the very table the resolution names, so the common
     *     boot stays one query.
     */
    private <T> T withConnection(boolean resolveNow, SessionWork<T> work) {
        try (HandBack handBack = new HandBack(dataSource.getConnection())) {
            Connection connection = handBack.connection;
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            Session session = new Session(connection, Dialects.detect(connection));
            try {
                if (resolveNow) {
                    session.resolveSchema();
                }
                return work.run(session);
            } finally {
                if (session.guard != null) {
                    session.guard.restore();
                }
            }
        } catch (SQLException e) {
            throw new MigrationDatabaseException(
                    "database error on " + options.historyTable() + ": " + e.getMessage() + " (SQL state "
                            + e.getSQLState() + ")",
                    e);
        }
    }

    private enum Operation {
        UP("Applied", "Applying", "pending"),
        DOWN("Undid", "Undoing", "to undo"),
        REDO("Redid", "Redoing", "to redo"),
        SKIP("Skipped", "Skipping", "to skip");

        private final String verb;
        private final String gerund;
        private final String planned;

        Operation(String verb, String gerund, String planned) {
            this.verb = verb;
            this.gerund = gerund;
            this.planned = planned;
        }

        /** The operation as callbacks hear it. */
        MigrateOperation heard() {
            return MigrateOperation.valueOf(name());
        }
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

    /** The run's one pinned connection and what was learned about it. */
    private final class Session {
        private final Connection connection;
        private final Dialect dialect;
        private HistoryRepository history;
        private @Nullable TableName table; // the history table in the schema resolved for this run
        /** Set once the run changes the session; restores it before the connection goes back. */
        private @Nullable SessionGuard guard;

        private Session(Connection connection, Dialect dialect) {
            this.connection = connection;
            this.dialect = dialect;
            this.history = repository(HistorySchema.asTheSearchPathFindsIt(dialect, options.historyTable()));
        }

        /** Fixes the history table's schema for the rest of the run (once; before any lock). */
        void resolveSchema() throws SQLException {
            if (table == null) {
                TableName resolved = HistorySchema.resolve(connection, dialect, options.historyTable());
                history = repository(resolved);
                table = resolved;
            }
        }

        private HistoryRepository repository(TableName historyTable) {
            return new HistoryRepository(
                    dialect, historyTable, historyTable.withSuffix(TableName.SIDE_SUFFIX), MigrationOrder.INSTANCE);
        }

        MigrationLock lock(DataSource dataSource) throws SQLException {
            resolveSchema();
            return MigrationLocks.create(
                    lockSettings,
                    dialect,
                    Objects.requireNonNull(table),
                    options.historyTable().toString(),
                    dataSource,
                    connection);
        }
    }

    @FunctionalInterface
    private interface PlanFunction {
        Plan plan(List<Migration> migrations, HistorySnapshot history);
    }

    /** {@link SessionGuard#restore()} as a resource that closes before the lock it is declared after. */
    @FunctionalInterface
    private interface Restore extends AutoCloseable {
        @Override
        void close();
    }

    @FunctionalInterface
    private interface SessionWork<T> {
        T run(Session session) throws SQLException;
    }
}
