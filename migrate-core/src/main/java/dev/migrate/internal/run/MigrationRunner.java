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
import dev.migrate.MigrationResource;
import dev.migrate.MigrationSource;
import dev.migrate.RepairResult;
import dev.migrate.StatusReport;
import dev.migrate.ValidationReport;
import dev.migrate.internal.ddl.DdlRetry;
import dev.migrate.internal.ddl.DdlSettings;
import dev.migrate.internal.dialect.DatabaseKind;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.execute.MigrationExecutor;
import dev.migrate.internal.execute.RunStop;
import dev.migrate.internal.execute.StatementProgress;
import dev.migrate.internal.execute.UpStatementCheck;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.RecordedFingerprint;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.lock.LockOwner;
import dev.migrate.internal.lock.LockSettings;
import dev.migrate.internal.lock.MigrationLock;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.plan.CatalogDigest;
import dev.migrate.internal.plan.ListingDigests;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.MigrationCatalog;
import dev.migrate.internal.plan.Plan;
import dev.migrate.internal.plan.Planner;
import dev.migrate.internal.plan.StaleFingerprints;
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

    private static final Log log = Log.of(MigrationRunner.class);

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
    private final CatalogDigest catalogDigest;
    private final ListingDigests listingDigests;
    private final ActiveRuns active = new ActiveRuns();
    private volatile @Nullable LockWait lockWait;
    /** Whether a no-op run tried {@link #addFingerprintColumn} already: once per Migrator. */
    private volatile boolean fingerprintColumnTried;

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
        this.catalogDigest = memory.catalogDigest();
        this.listingDigests = memory.listingDigests();
    }

    public MigrateResult up(int limit, @Nullable String target) {
        return run(Operation.UP, new Operation.Bounds(limit, target));
    }

    public MigrateResult down(int count, @Nullable String target) {
        return run(Operation.DOWN, new Operation.Bounds(count, target));
    }

    public MigrateResult redo() {
        return run(Operation.REDO, new Operation.Bounds(1, null));
    }

    public MigrateResult skip(int limit, @Nullable String target) {
        return run(Operation.SKIP, new Operation.Bounds(limit, target));
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
        Operation operation = redo ? Operation.REDO : direction == Direction.UP ? Operation.UP : Operation.DOWN;
        Plan plan = sessions.run(session -> operation.plan(
                planner,
                migrations,
                session.history().readForPlanning(session.connection()),
                new Operation.Bounds(limit, target)));
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

    private MigrateResult run(Operation operation, Operation.Bounds bounds) {
        MigrateOperation heard = operation.heard();
        try {
            callbacks.beforeRun(heard);
            MigrateResult result = runLocked(operation, bounds);
            callbacks.afterRun(heard, result);
            return result;
        } catch (MigrateException failure) {
            callbacks.onFailure(heard, failure);
            throw failure;
        }
    }

    /**
     * The lock protocol in five steps: plan without the lock (and return when nothing is to do:
     * at once when the catalog digest says so, else having upgraded an older side table if the
     * lock was free at once), take the lock (a waiter may find the work done), re-plan under it,
     * apply, report.
     */
    private MigrateResult runLocked(Operation operation, Operation.Bounds bounds) {
        long start = System.nanoTime();
        Request run = new Request(operation, bounds, source.resources(), start);
        try (ActiveRuns.Run active = this.active.begin()) {
            return sessions.run(false, session -> {
                if (confirmedUpToDate(session, run)) {
                    return upToDate(session, run);
                }
                HistorySnapshot history = session.history().readForPlanning(session.connection());
                Plan plan = planWithoutLock(session, run, history);
                if (plan.isEmpty()) {
                    if (run.operation() == Operation.UP
                            && session.history().lacksFingerprintColumn()
                            && session.dialect().kind() != DatabaseKind.H2) {
                        addFingerprintColumn(session, StaleFingerprints.find(run.migrations(), history));
                    }
                    return upToDate(session, run);
                }
                SessionGuard sessionGuard = announce(session, run, plan);
                long waitStart = System.nanoTime();
                Optional<LockHandle> taken = takeLock(session, run, active.stop);
                if (taken.isEmpty()) {
                    return doneByTheHolder(run, Duration.ofNanos(System.nanoTime() - waitStart));
                }
                // Resources close in reverse order: the session is restored before the lock is released,
                // and what the migrations left in it (their own locks, cursors, ...) is removed after.
                try (Restore leftovers = sessionGuard::discardLeftovers;
                        LockHandle handle = taken.get();
                        Restore restore = sessionGuard::restore) {
                    Plan locked = planUnderLock(session, run);
                    List<ExecutedMigration> executed = apply(run, locked, session, sessionGuard, handle, active.stop);
                    return report(run, session.lock(), handle, executed);
                }
            });
        }
    }

    /**
     * Before step 1, for an {@code up} without a target: whether the database's catalog digest
     * says that the history holds exactly the migrations found, each applied with the fingerprint
     * it is listed with (see {@link CatalogDigest}). Then planning could only find nothing to do,
     * nothing to warn about and no fingerprint to record, and the run ends from one row; otherwise
     * it reads the history and plans.
     */
    private boolean confirmedUpToDate(RunSession session, Request run) throws SQLException {
        if (!endsOnDigest(run.operation(), run.bounds())) {
            return false;
        }
        String expected = run.sharedDigest;
        if (expected == null) {
            expected = catalogDigest.of(run.migrations());
            if (expected != null) {
                listingDigests.remember(run.listed, expected);
            }
        }
        return expected != null && session.history().holdsExactly(session.connection(), expected);
    }

    /** Whether a run may end on the catalog digest: an {@code up} without a target. */
    private static boolean endsOnDigest(Operation operation, Operation.Bounds bounds) {
        return operation == Operation.UP && bounds.target() == null;
    }

    /**
     * Step 1: the plan from one read of the history, without the lock; an up records the
     * fingerprints that planning found stale ({@link #recordFingerprints}).
     */
    private Plan planWithoutLock(RunSession session, Request run, HistorySnapshot history) {
        Plan plan = run.plan(planner, history);
        for (String future : plan.future()) {
            OperatorLog.future(future);
        }
        if (run.operation() == Operation.UP) {
            recordFingerprints(session, StaleFingerprints.find(run.migrations(), history));
        }
        return plan;
    }

    /**
     * Records fingerprints of applied files, in one batched statement when there are any, without
     * the lock: each is written only where its side row still has the checksum the file was just
     * found to have, so it can pair no fingerprint with other bytes whoever writes the row
     * meanwhile, and replicas that race write the same values. A failure is logged and the run goes
     * on: the fingerprints only spare the next run reading files.
     */
    private static void recordFingerprints(RunSession session, List<RecordedFingerprint> fingerprints) {
        if (fingerprints.isEmpty()) {
            return;
        }
        try {
            session.history().recordFingerprints(session.connection(), fingerprints);
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not record the fingerprints of " + fingerprints.size()
                    + " applied migration files (the next run reads them again): " + e.getMessage());
        }
    }

    /**
     * Nothing to migrate, on a side table of an older release: without its fingerprint column every
     * boot reads and hashes every applied file and sends a statement that fails first, until a run
     * with work adds the column, which a service that deploys no new migration never starts. So
     * a Migrator's first such run adds it once, under the migration lock if the lock is free at
     * once (it never waits: a holder adds the column itself before it migrates), and records the
     * fingerprints this run found, so that the next boot opens no file. Its {@code alter} waits for
     * the table no longer than the DDL guard's wait ({@link #upgradeWait}), so that it never holds
     * other replicas' reads queued behind it. Whatever goes wrong is a
     * warning (a role that may not alter the table gets the one createTables gives, with the
     * statement for the table's owner), and the run stays the no-op it was. Not on H2: its queries
     * in other sessions fail while a table is altered (H2 2.x, an internal NullPointerException),
     * and there the column waits for a run with work, as before.
     */
    private void addFingerprintColumn(RunSession session, List<RecordedFingerprint> found) {
        if (fingerprintColumnTried) {
            return;
        }
        fingerprintColumnTried = true;
        try {
            session.resolveSchema();
            SessionGuard sessionGuard = session.guard(options.applicationName());
            Optional<LockHandle> taken = session.lock().acquire(session.connection(), () -> false);
            if (taken.isEmpty()) {
                return; // another run holds it and adds the column under it
            }
            try (LockHandle handle = taken.get();
                    Restore restore = sessionGuard::restore) {
                session.history().addFingerprintColumn(session.connection(), upgradeWait());
            }
            recordFingerprints(session, found);
        } catch (SQLException | RuntimeException e) {
            String why = e instanceof SQLException failure && session.dialect().isQueryTimeout(failure)
                    ? "another session holds the table: gave up after "
                            + upgradeWait().toMillis() + " ms"
                    : e.getMessage();
            log.warn("Could not add the column fingerprint to the side table of " + options.historyTable() + " (" + why
                    + "); nothing was pending, and a later run adds it");
        }
    }

    /** How long the upgrade's {@code alter} waits for the side table: the DDL guard's wait, else its default. */
    private Duration upgradeWait() {
        return live.ddl().enabled() ? live.ddl().lockTimeout() : DdlSettings.DEFAULT_LOCK_TIMEOUT;
    }

    /** Nothing to do: the one line of such a boot, and no query of its own. */
    private MigrateResult upToDate(RunSession session, Request run) {
        Duration total = run.elapsed();
        OperatorLog.upToDate(
                () -> describe(session),
                run.listed.size(),
                options.historyTable().name(),
                total);
        return new MigrateResult(List.of(), false, Duration.ZERO, total);
    }

    /** Before the lock: the schema resolved, what is to do logged, the session's settings guarded. */
    private SessionGuard announce(RunSession session, Request run, Plan plan) throws SQLException {
        session.resolveSchema();
        TableName resolved = session.table();
        OperatorLog.migrating(
                () -> describe(session).withSchema(resolved == null ? null : resolved.schema()),
                plan.steps().size(),
                run.migrations().size(),
                run.operation(),
                options.historyTable().name());
        return session.guard(options.applicationName());
    }

    /**
     * Step 2: the lock, waited for; empty when a waiter finds that the holder did the work. While
     * waiting, {@link #lockWait()} says since when and who holds it.
     */
    private Optional<LockHandle> takeLock(RunSession session, Request run, RunStop stop) throws SQLException {
        MigrationLock lock = session.lock();
        Instant waitSince = Instant.now();
        try {
            // asked after each failed try only: the first call means another session holds the lock
            return lock.acquire(session.connection(), () -> {
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
                return !run.plan(planner, session.history().readForPlanning(session.connection()))
                        .isEmpty();
            });
        } finally {
            lockWait = null;
        }
    }

    /** A waiter found, when it could have taken the lock, that the holder did the work. */
    private MigrateResult doneByTheHolder(Request run, Duration waited) {
        OperatorLog.doneByTheHolder(waited);
        return new MigrateResult(List.of(), false, waited, run.elapsed());
    }

    /**
     * Step 3, under the lock: the history table created if missing, re-read and re-planned. A
     * running mark found now has no live holder: it died inside a statement that cannot be rolled
     * back, and running the file again would repeat it.
     */
    private Plan planUnderLock(RunSession session, Request run) throws SQLException {
        session.history().createTables(session.connection());
        HistorySnapshot underLock = session.history().readForPlanning(session.connection());
        Plan locked = run.plan(planner, underLock);
        if (run.operation() == Operation.UP) {
            // stale ones that step 1 could not record (a side table without the column until now)
            recordFingerprints(session, StaleFingerprints.find(run.migrations(), underLock));
        }
        planner.refuseInterrupted(locked, underLock);
        if (lintsDdl(run.operation(), session)) {
            PendingDdlLint.refuse(locked.steps(), live.lint());
        }
        return locked;
    }

    /** Whether the operation's pending DDL is linted here: an {@code up} on PostgreSQL. */
    private static boolean lintsDdl(Operation operation, RunSession session) {
        return operation.lintsDdl() && session.dialect().kind() == DatabaseKind.POSTGRESQL;
    }

    /** Step 5: the run's last line and its result. */
    private MigrateResult report(Request run, MigrationLock lock, LockHandle handle, List<ExecutedMigration> executed) {
        Duration total = run.elapsed();
        if (executed.isEmpty()) {
            OperatorLog.doneByAnother(handle.waited());
        } else {
            OperatorLog.done(run.operation(), executed.size(), total, lock, handle.waited());
        }
        return new MigrateResult(executed, true, handle.waited(), total);
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

    /**
     * Step 4, under the lock: the callbacks told before and after, each planned migration applied
     * the operation's way, under the DDL guard where it runs SQL.
     */
    private List<ExecutedMigration> apply(
            Request run, Plan plan, RunSession session, SessionGuard sessionGuard, LockHandle handle, RunStop stop)
            throws SQLException {
        Operation operation = run.operation();
        if (!plan.isEmpty()) {
            callbacks.beforeMigrations(new LockedRun(operation.heard(), session.connection(), List.of()));
        }
        List<ExecutedMigration> executed;
        try (DdlRetry guard = (!operation.runsSql() || plan.isEmpty()
                        ? DdlRetry.off()
                        : DdlRetry.start(
                                live.ddl(),
                                session.dialect().kind(),
                                session.connection(),
                                dataSource,
                                live.retryListener(),
                                sessionGuard.throughProxy()))
                .stoppingWhen(stop::requested)) {
            executed = applyEach(operation, plan, session, sessionGuard, handle, guard, stop);
        }
        if (!executed.isEmpty()) {
            handle.assertHeld();
            callbacks.afterMigrations(new LockedRun(operation.heard(), session.connection(), executed));
        }
        return executed;
    }

    private List<ExecutedMigration> applyEach(
            Operation operation,
            Plan plan,
            RunSession session,
            SessionGuard sessionGuard,
            LockHandle handle,
            DdlRetry guard,
            RunStop stop)
            throws SQLException {
        plan.holes().forEach(OperatorLog::outOfOrder);
        if (plan.steps().isEmpty()) {
            return new ArrayList<>();
        }
        try (StatementProgress progress = StatementProgress.every(progressInterval)) {
            MigrationExecutor executor = new MigrationExecutor(
                    session.history(),
                    LockOwner.thisProcess(),
                    session.dialect().transactionalDdl(),
                    progress,
                    sessionGuard,
                    guard,
                    stop,
                    lintsDdl(operation, session) ? PendingDdlLint.warnAsTheyRun(live.lint()) : UpStatementCheck.NONE);
            LockedSteps steps = new LockedSteps(operation, session, handle, guard, executor, callbacks);
            int n = 0;
            for (Migration migration : plan.steps()) {
                n++;
                if (operation.runsSql()) {
                    OperatorLog.starting(
                            operation, migration.id(), n, plan.steps().size());
                }
                operation.apply(migration, plan.direction(), steps);
            }
            return steps.executed();
        }
    }

    /**
     * One run: its operation and bounds, what the source listed, the catalog made of it, and when
     * it started (before the listing). The catalog is made at once (a file the catalog rejects
     * fails the run before it connects) unless the run may end on the catalog digest and another
     * Migrator of the JVM computed the digest of this very listing ({@link ListingDigests}): then
     * it is made only if the database's digest differs.
     */
    private final class Request {
        final Operation operation;
        final Operation.Bounds bounds;
        final List<MigrationResource> listed;
        final long start;
        /** The digest remembered for the listing, or null (then the catalog is made now). */
        final @Nullable String sharedDigest;

        private @Nullable List<Migration> migrations;

        Request(Operation operation, Operation.Bounds bounds, List<MigrationResource> listed, long start) {
            this.operation = operation;
            this.bounds = bounds;
            this.listed = listed;
            this.start = start;
            this.sharedDigest = endsOnDigest(operation, bounds) ? listingDigests.of(listed) : null;
            if (sharedDigest == null) {
                migrations = catalog.load(listed);
            }
        }

        Operation operation() {
            return operation;
        }

        Operation.Bounds bounds() {
            return bounds;
        }

        /** The catalog, made now if it was not yet (one run, one thread). */
        List<Migration> migrations() {
            List<Migration> made = migrations;
            if (made == null) {
                made = catalog.load(listed);
                migrations = made;
            }
            return made;
        }

        Plan plan(Planner planner, HistorySnapshot history) {
            return operation.plan(planner, migrations(), history, bounds);
        }

        Duration elapsed() {
            return Duration.ofNanos(System.nanoTime() - start);
        }
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
