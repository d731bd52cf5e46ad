package dev.migrate.internal.ddl;

import dev.migrate.DdlLockRetry;
import dev.migrate.Direction;
import dev.migrate.ExecutedMigration;
import dev.migrate.MigrationExecutionException;
import dev.migrate.internal.dialect.DatabaseKind;
import dev.migrate.internal.execute.StatementCall;
import dev.migrate.internal.log.DurationText;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.parse.StatementKind;
import dev.migrate.internal.plan.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The DDL guard of one run: its statements wait for locks only {@link DdlSettings#lockTimeout()}
 * at a time, and what gave up is tried again after a pause, within {@link
 * DdlSettings#retryBudget()} per migration.
 *
 * <ul>
 *   <li>A transactional migration on PostgreSQL was rolled back whole when its statement gave up;
 *       it runs again from the start.
 *   <li>A {@code notransaction} migration retries only the statement that gave up: it had no
 *       effect, and the statements before it stay applied.
 *   <li>On MySQL/MariaDB, whose DDL commits what came before it, a DDL statement is retried on
 *       its own in any migration; a data change inside a transaction is not retried (the
 *       transaction may be gone with it).
 * </ul>
 *
 * <p>PostgreSQL's {@code … CONCURRENTLY} statements (see {@link ConcurrentStatement}) are not cut
 * short: they wait up to what is left of the retry budget, are never retried, and what they leave
 * half-built fails the migration ({@link HalfBuiltObjects}). Behind a proxy such as PgBouncer, where
 * there may be no session, the lock wait is set with {@code SET LOCAL} in each migration's
 * transaction instead of on the session.
 *
 * <p>While a migration runs, a watcher asks on a second connection, a few times per lock
 * timeout, which sessions block the run's session, so that each retry's log line and the final
 * error can name them. Pauses start at the lock timeout and double up to {@value #MAX_PAUSE_SECONDS}
 * seconds, each ±25 %, so that the queries that queued behind a waiting statement drain between
 * tries.
 */
public final class LockRetry implements StatementCall, AutoCloseable {

    private static final Log log = Log.of(LockRetry.class);

    static final int MAX_PAUSE_SECONDS = 10;

    /** How often a pause between retries looks whether the run was asked to stop. */
    private static final long STOP_CHECK_MILLIS = 100;

    /** How long {@link #close()} waits for the watcher to close its observer connection. */
    private static final int WATCHER_END_SECONDS = 10;

    private final @Nullable LockWaits waits;
    private final DdlSettings settings;
    private final @Nullable Connection connection;
    private final @Nullable DataSource observers;
    private final Consumer<DdlLockRetry> listener;
    private volatile BooleanSupplier stopping = () -> false;
    private final @Nullable String previous;
    /** The session's lock wait as the guard set it, read back in the database's own form. */
    private final @Nullable String guardValue;
    /** Whether {@code … CONCURRENTLY} statements are checked for what they leave half-built (PostgreSQL). */
    private final boolean checksHalfBuilt;

    /** Behind a proxy: the lock wait is set in each migration's transaction ({@code SET LOCAL}), never on the session. */
    private final boolean perTransaction;
    /** The server session the run's statements run in; behind a proxy, the one of the current transaction. */
    private volatile long sessionId;

    private @Nullable ScheduledExecutorService scheduler;
    private volatile boolean sharesTheRunsSession;
    /** Set by {@link #close()}: a poll that still opens an observer closes it at once. */
    private volatile boolean ended;

    private @Nullable Attempts current;

    private LockRetry(
            @Nullable LockWaits waits,
            DdlSettings settings,
            @Nullable Connection connection,
            @Nullable DataSource observers,
            Consumer<DdlLockRetry> listener,
            @Nullable String previous,
            @Nullable String guardValue,
            boolean checksHalfBuilt,
            boolean perTransaction,
            long sessionId) {
        this.perTransaction = perTransaction;
        this.guardValue = guardValue;
        this.checksHalfBuilt = checksHalfBuilt;
        this.waits = waits;
        this.settings = settings;
        this.connection = connection;
        this.observers = observers;
        this.listener = listener;
        this.previous = previous;
        this.sessionId = sessionId;
    }

    /**
     * Sets the lock wait on the run's connection (a guard that does nothing when the settings
     * switch it off or the database has no lock wait setting); {@link #close()} puts the session's
     * previous value back. Behind a proxy, where there may be no session, nothing is set on the
     * session: each migration's transaction gets the lock wait with {@code SET LOCAL} (a {@code
     * notransaction} migration's statements then wait as the server's settings say).
     *
     * @param observers where the watcher takes its second connection from
     * @param throughProxy whether the connection goes through a proxy such as PgBouncer
     */
    public static LockRetry start(
            DdlSettings settings,
            DatabaseKind kind,
            Connection connection,
            DataSource observers,
            Consumer<DdlLockRetry> listener,
            boolean throughProxy)
            throws SQLException {
        Optional<LockWaits> waits = LockWaits.of(kind);
        boolean postgres = kind == DatabaseKind.POSTGRESQL;
        if (!settings.enabled() || waits.isEmpty()) {
            return new LockRetry(null, settings, connection, null, retry -> {}, null, null, postgres, false, 0);
        }
        LockWaits database = waits.get();
        if (throughProxy) {
            return new LockRetry(database, settings, connection, observers, listener, null, null, postgres, true, -1);
        }
        String previous = database.current(connection);
        long sessionId = database.sessionId(connection);
        database.set(connection, settings.lockTimeout());
        String guardValue = database.current(connection);
        return new LockRetry(
                database, settings, connection, observers, listener, previous, guardValue, postgres, false, sessionId);
    }

    /**
     * Ends the pause between retries early, and retries no more, once {@code stopping} says the
     * run is asked to stop (a SIGTERM): a stop need not wait out a pause of up to {@value
     * #MAX_PAUSE_SECONDS} s.
     */
    public LockRetry stoppingWhen(BooleanSupplier stopping) {
        this.stopping = stopping;
        return this;
    }

    /** A guard that runs everything once and changes nothing. */
    public static LockRetry off() {
        return new LockRetry(
                null,
                new DdlSettings(Duration.ZERO, Duration.ZERO),
                null,
                null,
                retry -> {},
                null,
                null,
                false,
                false,
                0);
    }

    /** Behind a proxy: the lock wait for this transaction only, and the session it runs in for the watcher. */
    @Override
    public void transactionStarted(Connection on) throws SQLException {
        if (perTransaction && waits != null) {
            sessionId = waits.setForTransaction(on, settings.lockTimeout());
        }
    }

    /** Runs one migration through {@code run}, again while it gives up on locks and the budget lasts. */
    public ExecutedMigration migration(Migration migration, Direction direction, Supplier<ExecutedMigration> run) {
        if (waits == null) {
            return run.get();
        }
        Attempts attempts = new Attempts(migration.id(), !migration.parsed().noTransaction(direction));
        current = attempts;
        try {
            while (true) {
                Watch watch = watch(attempts);
                try {
                    ExecutedMigration done = run.get();
                    if (attempts.retries > 0 && log.isInfoEnabled()) {
                        log.info(migration.id() + " went through after " + attempts.retries + " lock retr"
                                + (attempts.retries == 1 ? "y" : "ies") + " in "
                                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - attempts.start) + " ms");
                    }
                    return done.withLockRetries(attempts.retries);
                } catch (MigrationExecutionException e) {
                    SQLException timeout = lockTimeout(e);
                    if (timeout == null) {
                        throw e;
                    }
                    if (attempts.transactional && waits.transactionalDdl() && attempts.pause(e.line(), true)) {
                        continue;
                    }
                    throw attempts.gaveUp(e);
                } finally {
                    watch.stop();
                }
            }
        } finally {
            current = null;
        }
    }

    /** Sends a statement, again in place where that is safe and it gave up on a lock. */
    @Override
    public void execute(Statement statement, SqlStatement sql) throws SQLException {
        Optional<ConcurrentStatement> concurrent =
                checksHalfBuilt ? ConcurrentStatement.of(sql.sql()) : Optional.empty();
        if (concurrent.isPresent()) {
            executeConcurrent(statement, sql, concurrent.get());
            return;
        }
        Attempts attempts = current;
        if (waits == null || attempts == null || !retriesInPlace(attempts, sql)) {
            statement.execute(sql.sql());
            return;
        }
        while (true) {
            try {
                statement.execute(sql.sql());
                return;
            } catch (SQLException e) {
                if (!waits.isLockTimeout(e) || !attempts.pause(sql.line(), false)) {
                    throw e;
                }
            }
        }
    }

    /**
     * A {@code … CONCURRENTLY} statement waits for older transactions but makes no traffic queue,
     * and cancelling it leaves a half-built object, so the guard does not cut it short: for this
     * statement the session's lock wait is what is left of the migration's retry budget (a wait
     * the migration itself set stays), and it is never retried in place. What it leaves half-built
     * fails the migration, naming the object.
     */
    private void executeConcurrent(Statement statement, SqlStatement sql, ConcurrentStatement concurrent)
            throws SQLException {
        Connection on = statement.getConnection();
        Map<String, String> before = HalfBuiltObjects.read(on);
        String lifted = liftLockWait(on);
        try {
            statement.execute(sql.sql());
        } catch (SQLException e) {
            String left;
            try {
                left = HalfBuiltObjects.leftBy(on, before, concurrent);
            } catch (SQLException | RuntimeException unknown) {
                e.addSuppressed(unknown);
                throw e;
            }
            if (left.isEmpty()) {
                throw e;
            }
            throw new SQLException(
                    e.getMessage() + "\n  it left " + left + "; put that right before the migration runs again",
                    e.getSQLState(),
                    e.getErrorCode(),
                    e);
        } finally {
            if (lifted != null && waits != null) {
                waits.restore(on, lifted);
            }
        }
        String left = HalfBuiltObjects.leftBy(on, before, concurrent);
        if (!left.isEmpty()) {
            throw new SQLException(
                    "the statement ran, but " + left + "; a migration is never recorded as applied with a"
                            + " half-built object: put it right, then run again",
                    "55000");
        }
    }

    /**
     * Sets the session's lock wait to what is left of the migration's retry budget (at least the
     * lock timeout) where it is the guard's own; returns the value to put back, or null when
     * nothing was changed.
     */
    private @Nullable String liftLockWait(Connection on) throws SQLException {
        if (waits == null || guardValue == null || !guardValue.equals(waits.current(on))) {
            return null;
        }
        Attempts attempts = current;
        long left = attempts == null ? 0 : settings.retryBudget().toNanos() - (System.nanoTime() - attempts.start);
        waits.set(on, Duration.ofNanos(Math.max(left, settings.lockTimeout().toNanos())));
        return guardValue;
    }

    private boolean retriesInPlace(Attempts attempts, SqlStatement sql) {
        return !attempts.transactional
                || (waits != null && !waits.transactionalDdl() && StatementKind.of(sql.sql()) == StatementKind.DDL);
    }

    private @Nullable SQLException lockTimeout(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && waits != null && waits.isLockTimeout(sql)) {
                return sql;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    /** Puts the session's lock wait back as it was and stops the watcher. */
    @Override
    public void close() {
        ended = true;
        ScheduledExecutorService running = scheduler;
        if (running != null) {
            // Not shutdownNow: that drops a stopped watch's queued closeObserver, and the observer
            // connection would never go back to the pool. Periodic polls end with shutdown.
            running.shutdown();
            try {
                if (!running.awaitTermination(WATCHER_END_SECONDS, TimeUnit.SECONDS)) {
                    log.debug("The lock watcher did not end within " + WATCHER_END_SECONDS + " s; interrupting it");
                    running.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.shutdownNow();
            }
        }
        if (waits == null || connection == null || previous == null) {
            return;
        }
        try {
            if (!connection.isClosed()) {
                waits.restore(connection, previous);
            }
        } catch (SQLException e) {
            log.warn("Could not restore the session's lock wait setting (" + previous + "): " + e.getMessage());
        }
    }

    private Watch watch(Attempts attempts) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "migrate-ddl-lock-watch");
                thread.setDaemon(true);
                return thread;
            });
        }
        long every = Math.max(50, settings.lockTimeout().toMillis() / 4);
        Watch watch = new Watch(attempts);
        watch.future = scheduler.scheduleWithFixedDelay(watch::poll, every, every, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Asks, on a connection of its own, who blocks the run's session, and remembers the last answer. */
    private final class Watch {

        private final Attempts attempts;
        private @Nullable ScheduledFuture<?> future;
        private @Nullable Connection observer;

        Watch(Attempts attempts) {
            this.attempts = attempts;
        }

        /** On the watcher's thread. */
        void poll() {
            if (waits == null || observers == null || sharesTheRunsSession || ended) {
                return;
            }
            try {
                if (observer == null) {
                    Connection opened = observers.getConnection();
                    if (ended) {
                        opened.close(); // the run ended while the pool handed it out
                        return;
                    }
                    if (waits.sessionId(opened) == sessionId) {
                        // A single-connection DataSource handed out the run's own connection:
                        // never close it nor query on it again while the migration uses it.
                        sharesTheRunsSession = true;
                        return;
                    }
                    observer = opened;
                }
                List<Blocker> blockers = waits.blockers(observer, sessionId);
                if (!blockers.isEmpty()) {
                    attempts.seen = blockers;
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("Could not ask who blocks the migration's session", e);
                closeObserver();
            }
        }

        void stop() {
            ScheduledFuture<?> scheduled = future;
            ScheduledExecutorService running = scheduler;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            if (running != null && !running.isShutdown()) {
                running.execute(this::closeObserver);
            }
        }

        private void closeObserver() {
            Connection open = observer;
            observer = null;
            if (open != null) {
                try {
                    open.close();
                } catch (SQLException ignored) {
                    // an observer only reads; nothing to put right
                }
            }
        }
    }

    /** The tries of one migration. */
    private final class Attempts {

        private final String id;
        private final boolean transactional;
        private final long start = System.nanoTime();
        private int retries;
        private volatile List<Blocker> seen = List.of();
        private List<Blocker> lastSeen = List.of();

        Attempts(String id, boolean transactional) {
            this.id = id;
            this.transactional = transactional;
        }

        /** Logs the retry and sleeps; false when the budget is spent (or the thread interrupted). */
        boolean pause(int line, boolean wholeMigration) {
            List<Blocker> blockers = seen;
            seen = List.of();
            if (!blockers.isEmpty()) {
                lastSeen = blockers;
            }
            long elapsed = System.nanoTime() - start;
            long left = settings.retryBudget().toNanos() - elapsed;
            if (left <= 0) {
                return false;
            }
            long pause = Math.min(
                    pauseMillis(
                            settings.lockTimeout(),
                            retries,
                            ThreadLocalRandom.current().nextDouble(0.75, 1.25)),
                    TimeUnit.NANOSECONDS.toMillis(left));
            retries++;
            List<String> described = blockers.stream().map(Blocker::describe).toList();
            if (log.isInfoEnabled()) {
                log.info(id + (line > 0 ? " line " + line : "") + " gave up waiting "
                        + DurationText.of(settings.lockTimeout())
                        + " for a table lock (retry " + retries + "); blocked by " + describe(described)
                        + "; trying the " + (wholeMigration ? "migration" : "statement") + " again in " + pause
                        + " ms (" + TimeUnit.NANOSECONDS.toSeconds(left) + " s of the retry budget left)");
            }
            try {
                listener.accept(
                        new DdlLockRetry(id, line, retries, wholeMigration, Duration.ofMillis(pause), described));
            } catch (RuntimeException e) {
                log.warn("A DDL lock retry listener failed: " + e.getMessage(), e);
            }
            try {
                return sleepUnlessStopped(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        /** Sleeps {@code millis} in short slices; false as soon as the run is asked to stop. */
        private boolean sleepUnlessStopped(long millis) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
                if (stopping.getAsBoolean()) {
                    return false;
                }
                Thread.sleep(Math.min(left, STOP_CHECK_MILLIS));
            }
            return !stopping.getAsBoolean();
        }

        MigrationExecutionException gaveUp(MigrationExecutionException failure) {
            List<Blocker> blockers = seen.isEmpty() ? lastSeen : seen;
            long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            String gaveUp = "\n  it gave up waiting for table locks " + (retries + 1)
                    + " time" + (retries == 0 ? "" : "s") + " in "
                    + DurationText.of(Duration.ofMillis(elapsed))
                    + " (lock timeout " + DurationText.of(settings.lockTimeout()) + ", retry budget "
                    + settings.retryBudget().toSeconds() + " s); blocked by "
                    + describe(blockers.stream().map(Blocker::describe).toList())
                    + (stopping.getAsBoolean()
                            ? "\n  it stopped retrying: the process is stopping (SIGTERM or a shutdown)."
                            : "\n  end or wait for the blocking sessions, then run again (ddlRetryBudget"
                                    + " sets how long to keep trying).");
            return new MigrationExecutionException(
                    failure.file(),
                    failure.line(),
                    failure.statement(),
                    failure.databaseMessage(),
                    failure.outcome(),
                    failure.consequence() + gaveUp,
                    failure.getMessage() + gaveUp,
                    failure.getCause());
        }
    }

    /**
     * The pause before retry {@code done + 1}: the lock timeout (at least 100 ms), doubled per
     * retry already done, capped at {@value #MAX_PAUSE_SECONDS} s, times {@code jitter}.
     */
    static long pauseMillis(Duration lockTimeout, int done, double jitter) {
        long base = Math.max(100, lockTimeout.toMillis());
        long doubled = base << Math.min(done, 16);
        long capped = Math.min(doubled, TimeUnit.SECONDS.toMillis(MAX_PAUSE_SECONDS));
        return (long) (capped * jitter);
    }

    private static String describe(List<String> blockers) {
        return blockers.isEmpty()
                ? "sessions not seen (they ended, could not be asked, or the DataSource has no second connection)"
                : String.join("; ", blockers);
    }
}
