package dev.migrate.internal.run;

import dev.migrate.Direction;
import dev.migrate.ExecutedMigration;
import dev.migrate.LockException;
import dev.migrate.LockHolder;
import dev.migrate.LockInfo;
import dev.migrate.LockWait;
import dev.migrate.LockedRun;
import dev.migrate.MigrateCallback;
import dev.migrate.MigrateException;
import dev.migrate.MigrateOperation;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationPlan;
import dev.migrate.MigrationSource;
import dev.migrate.RepairResult;
import dev.migrate.StatusReport;
import dev.migrate.ValidationReport;
import dev.migrate.internal.ddl.DdlRetry;
import dev.migrate.internal.dialect.DatabaseKind;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.execute.MigrationExecutor;
import dev.migrate.internal.execute.RunStop;
import dev.migrate.internal.execute.StatementProgress;
import dev.migrate.internal.execute.Transactions;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.lock.LockOwner;
import dev.migrate.internal.lock.LockSettings;
import dev.migrate.internal.lock.MigrationLock;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.MigrationCatalog;
import dev.migrate.internal.plan.Plan;
import dev.migrate.internal.plan.Planner;
import dev.migrate.internal.session.SessionGuard;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs the operations of a {@link dev.migrate.Migrator} by the lock protocol: read the history without the
 * lock and return if there is nothing to do; otherwise take the lock on the run's one pinned
 * connection, create the history table if missing, re-read and re-plan under the lock, apply on
 * that same connection, release. The other operations read ({@link StatusAssembly}) or repair
 * ({@link Repair}) on a session of their own ({@link Sessions}).
 */
public final class MigrationRunner {

    /**
     * The name of the log an operator reads (what migrated, how long, who holds the lock): the
     * facade's name, which is what users configure, though the lines are written here.
     */
    static final String OPERATOR_LOG = "dev.migrate.Migrator";

    private static final Log log = Log.named(OPERATOR_LOG);

    /** How often a statement still running is reported, unless a builder says otherwise. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(30);

    private final DataSource dataSource;
    private final MigrationSource source;
    private final MigrationOptions options;
    private final Planner planner;
    private final Sessions sessions;
    private final Duration progressInterval;
    private final Callbacks callbacks;
    private final LiveTrafficOptions live;
    private final MigrationCatalog catalog;
    private final ActiveRuns active = new ActiveRuns();
    private volatile @Nullable LockWait lockWait;

    /** A runner with a memory of its own (see {@link RunMemory}): one per Migrator. */
    public MigrationRunner(
            DataSource dataSource,
            MigrationSource source,
            MigrationOptions options,
            LockSettings lock,
            Duration progressInterval,
            List<MigrateCallback> callbacks,
            LiveTrafficOptions live,
            ConnectRetry connectRetry) {
        RunMemory memory = new RunMemory();
        this.live = live;
        this.dataSource = dataSource;
        this.source = source;
        this.options = options;
        this.progressInterval = progressInterval;
        this.callbacks = new Callbacks(callbacks);
        this.sessions = new Sessions(dataSource, options.historyTable(), lock, memory.planningReads(), connectRetry);
        this.planner =
                new Planner(options.ignoreUnknown(), options.validateChecksums(), options.retryFailed(), memory.plan());
        this.catalog = memory.catalog();
    }

    public MigrateResult up(int limit, @Nullable String target) {
        return run(Operation.UP, (migrations, history) -> planner.up(migrations, history, limit, target));
    }

    public MigrateResult down(int count, @Nullable String target) {
        return run(Operation.DOWN, (migrations, history) -> planner.down(migrations, history, count, target));
    }

    public MigrateResult redo() {
        return run(Operation.REDO, (migrations, history) -> planner.down(migrations, history, 1, null));
    }

    public MigrateResult skip(int limit, @Nullable String target) {
        return run(Operation.SKIP, (migrations, history) -> planner.up(migrations, history, limit, target));
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /**
     * What {@link #up}, {@link #down} or {@link #redo} would run now, from one read of the history:
     * no lock, no table created, nothing written, no callback called. Another process may change
     * the history right after; the plan is what a run starting now would find.
     */
    public MigrationPlan plan(Direction direction, boolean redo, int limit, @Nullable String target) {
        List<Migration> migrations = catalog.load(source);
        Plan plan = sessions.run(session -> {
            HistorySnapshot history = session.history().readForPlanning(session.connection());
            return direction == Direction.UP
                    ? planner.up(migrations, history, limit, target)
                    : planner.down(migrations, history, redo ? 1 : limit, redo ? null : target);
        });
        return DryRun.of(plan, redo);
    }

    public ValidationReport validate() {
        List<Migration> migrations = catalog.load(source);
        return sessions.run(session -> {
            boolean held = session.lockInfo().holder() != null;
            return StatusAssembly.validate(
                    migrations, session.history().read(session.connection()), options.ignoreUnknown(), held);
        });
    }

    public StatusReport status() {
        List<Migration> migrations = catalog.load(source);
        return sessions.run(session -> {
            // The lock first: a running mark read after it was free is from a holder that died
            // (had it been taken meanwhile, the mark would be that new holder's, written since).
            LockInfo lock = session.lockInfo();
            return new StatusReport(
                    StatusAssembly.describe(
                            migrations, session.history().read(session.connection()), lock.holder() != null),
                    lock);
        });
    }

    /** As {@link #status()}, every statement on the tables bounded by {@code bound}. */
    public StatusReport status(Duration bound) {
        List<Migration> migrations = catalog.load(source);
        return sessions.bounded(bound, session -> {
            LockInfo lock = session.lockInfo(); // first, as in status()
            return new StatusReport(
                    StatusAssembly.describe(
                            migrations, session.history().read(session.connection()), lock.holder() != null),
                    lock);
        });
    }

    public LockInfo lockInfo() {
        return sessions.run(session -> session.lockInfo());
    }

    /**
     * Stops this runner's runs in progress (see {@link ActiveRuns#stop}) and waits at most {@code
     * wait} for them to end; true when none is left running.
     */
    public boolean stop(Duration wait) {
        return active.stop(wait);
    }

    /** The lock wait a run is in now; see {@link dev.migrate.Migrator#lockWait()}. */
    public Optional<LockWait> lockWait() {
        return Optional.ofNullable(lockWait);
    }

    public RepairResult repair() {
        List<Migration> migrations = catalog.load(source);
        return sessions.run(session -> Repair.run(migrations, session));
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
        List<Migration> migrations = catalog.load(source);
        try (ActiveRuns.Run run = active.begin()) {
            return runLocked(operation, planning, start, migrations, run.stop);
        }
    }

    private MigrateResult runLocked(
            Operation operation, PlanFunction planning, long start, List<Migration> migrations, RunStop stop) {
        return sessions.run(false, session -> {
            Plan plan = planning.plan(migrations, session.history().readForPlanning(session.connection()));
            plan.future()
                    .forEach(id -> log.warn(id + " is applied but newer than every migration found: a newer release"
                            + " applied it (a rolling deploy or a rollback?); leaving it as it is"));
            if (plan.isEmpty()) {
                // the one line of a boot with nothing to do; it costs no query of its own
                Duration total = Duration.ofNanos(System.nanoTime() - start);
                if (log.isInfoEnabled()) {
                    log.info(describe(session) + ": up to date, nothing pending (" + migrations.size() + " migration"
                            + (migrations.size() == 1 ? "" : "s") + ", history "
                            + options.historyTable().name() + ", checked in " + total.toMillis() + " ms)");
                }
                return new MigrateResult(List.of(), false, Duration.ZERO, total);
            }
            session.resolveSchema();
            if (log.isInfoEnabled()) {
                TableName resolved = session.table();
                log.info("Migrating " + describe(session).withSchema(resolved == null ? null : resolved.schema()) + ": "
                        + plan.steps().size() + " of " + migrations.size() + " migrations " + operation.planned
                        + " (history " + options.historyTable().name() + ")");
            }
            SessionGuard sessionGuard = session.guard(options.applicationName());
            MigrationLock lock = session.lock();
            long waitStart = System.nanoTime();
            Instant waitSince = Instant.now();
            Optional<LockHandle> taken;
            try {
                // asked after each failed try only: the first call means another session holds the lock
                taken = lock.acquire(session.connection(), () -> {
                    if (stop.requested()) {
                        throw new LockException(
                                LockException.Reason.NOT_TAKEN,
                                lock.type().value() + " " + lock.key(),
                                "Stopped waiting for the migration lock: the process is stopping",
                                null);
                    }
                    if (lockWait == null) {
                        lockWait = new LockWait(
                                lock.type().value() + " " + lock.key(), waitSince, holder(lock, session.connection()));
                    }
                    return !planning.plan(migrations, session.history().readForPlanning(session.connection()))
                            .isEmpty();
                });
            } finally {
                lockWait = null;
            }
            if (taken.isEmpty()) {
                Duration waited = Duration.ofNanos(System.nanoTime() - waitStart);
                log.info("Nothing to do after waiting " + waited.toMillis()
                        + " ms: the process holding the lock applied the migrations");
                return new MigrateResult(List.of(), false, waited, Duration.ofNanos(System.nanoTime() - start));
            }
            // Resources close in reverse order: the session is restored before the lock is released,
            // and what the migrations left in it (their own locks, cursors, ...) is removed after.
            try (Restore leftovers = sessionGuard::discardLeftovers;
                    LockHandle handle = taken.get();
                    Restore restore = sessionGuard::restore) {
                session.history().createTables(session.connection());
                HistorySnapshot underLock = session.history().readForPlanning(session.connection());
                Plan locked = planning.plan(migrations, underLock);
                // Under the lock a running mark has no live holder: it died inside a statement
                // that cannot be rolled back, and running the file again would repeat it.
                planner.refuseInterrupted(locked, underLock);
                if (operation == Operation.UP && session.dialect().kind() == DatabaseKind.POSTGRESQL) {
                    PendingDdlLint.check(locked.steps(), live.lint());
                }
                if (!locked.isEmpty()) {
                    callbacks.beforeMigrations(new LockedRun(operation.heard(), session.connection(), List.of()));
                }
                List<ExecutedMigration> executed;
                try (DdlRetry guard = (operation == Operation.SKIP || locked.isEmpty()
                                ? DdlRetry.off()
                                : DdlRetry.start(
                                        live.ddl(),
                                        session.dialect().kind(),
                                        session.connection(),
                                        dataSource,
                                        live.retryListener(),
                                        sessionGuard.throughProxy()))
                        .stoppingWhen(stop::requested)) {
                    executed = apply(operation, locked, session, sessionGuard, handle, guard, stop);
                }
                if (!executed.isEmpty()) {
                    handle.assertHeld();
                    callbacks.afterMigrations(new LockedRun(operation.heard(), session.connection(), executed));
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

    /** Who holds the lock, for {@link LockWait}; null when the database cannot tell. */
    private static @Nullable LockHolder holder(MigrationLock lock, Connection connection) {
        try {
            return lock.holder(connection).orElse(null);
        } catch (SQLException | RuntimeException e) {
            return null;
        }
    }

    /** Only for a line that is logged: asking the driver costs little, but a silent run need not. */
    private DatabaseDescription describe(RunSession session) {
        return DatabaseDescription.of(
                session.connection(), options.historyTable().schema());
    }

    private List<ExecutedMigration> apply(
            Operation operation,
            Plan plan,
            RunSession session,
            SessionGuard sessionGuard,
            LockHandle handle,
            DdlRetry guard,
            RunStop stop)
            throws SQLException {
        plan.holes()
                .forEach(id -> log.warn("Applying " + id
                        + " out of order: it is older than the newest applied migration (a branch merged late?)"));
        List<ExecutedMigration> executed = new ArrayList<>();
        if (plan.steps().isEmpty()) {
            return executed;
        }
        try (StatementProgress progress = StatementProgress.every(progressInterval)) {
            MigrationExecutor executor = new MigrationExecutor(
                    session.history(),
                    LockOwner.thisProcess(),
                    session.dialect().transactionalDdl(),
                    progress,
                    sessionGuard,
                    guard,
                    stop);
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
                                                session.connection(), migration, plan.direction(), handle))));
                    case SKIP -> executed.add(heard(operation, skip(session, migration, handle)));
                    case REDO -> {
                        executed.add(heard(
                                operation,
                                guard.migration(
                                        migration,
                                        Direction.DOWN,
                                        () -> executor.execute(
                                                session.connection(), migration, Direction.DOWN, handle))));
                        handle.assertHeld();
                        executed.add(heard(
                                operation,
                                guard.migration(
                                        migration,
                                        Direction.UP,
                                        () -> executor.execute(
                                                session.connection(), migration, Direction.UP, handle))));
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

    private ExecutedMigration skip(RunSession session, Migration migration, LockHandle handle) throws SQLException {
        Transactions.inTransaction(session.connection(), () -> {
            handle.fence(session.connection());
            session.history()
                    .recordApplied(
                            session.connection(), migration.id(), migration.checksum(), 0, LockOwner.thisProcess());
            return null;
        });
        log.info("Skipped " + migration.id() + ": recorded as applied without running it");
        return new ExecutedMigration(migration.id(), Direction.UP, Duration.ZERO, 0);
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

    @FunctionalInterface
    private interface PlanFunction {
        Plan plan(List<Migration> migrations, HistorySnapshot history);
    }

    /**
     * {@link SessionGuard#restore()} (or {@link SessionGuard#discardLeftovers()}) as a resource that
     * closes before (after) the lock it is declared after (before).
     */
    @FunctionalInterface
    private interface Restore extends AutoCloseable {
        @Override
        void close();
    }
}
