package dev.migrate.internal.ddl;

import dev.migrate.DdlLockRetry;
import dev.migrate.Direction;
import dev.migrate.ExecutedMigration;
import dev.migrate.MigrationExecutionException;
import dev.migrate.internal.dialect.DatabaseKind;
import dev.migrate.internal.execute.StatementCall;
import dev.migrate.internal.parse.ConcurrentStatement;
import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.parse.StatementKind;
import dev.migrate.internal.plan.Migration;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The DDL guard of one run: its statements wait for table locks only {@link
 * DdlSettings#lockTimeout()} at a time ({@link TableLockWaitSetting}), and what gave up is tried
 * again after a pause, within {@link DdlSettings#retryBudget()} per migration ({@link
 * RetryPolicy}).
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
 * <p>PostgreSQL's {@code … CONCURRENTLY} statements are not cut short ({@link
 * ConcurrentStatementRun}). While a migration runs, a {@link BlockerWatch} asks who blocks it, so
 * that each retry and the final error ({@link RetryReport}) can name them.
 */
public final class DdlRetry implements StatementCall, AutoCloseable {

    private final @Nullable TableLockWaits waits;
    private final @Nullable TableLockWaitSetting setting;
    private final @Nullable BlockerWatch blockers;
    private final RetryPolicy policy;
    private final RetryReport report;
    /** Whether {@code … CONCURRENTLY} statements are checked for what they leave half-built (PostgreSQL). */
    private final boolean checksHalfBuilt;

    private volatile BooleanSupplier stopping = () -> false;
    private @Nullable Attempt current;

    private DdlRetry(
            @Nullable TableLockWaits waits,
            @Nullable TableLockWaitSetting setting,
            @Nullable BlockerWatch blockers,
            DdlSettings settings,
            Consumer<DdlLockRetry> listener,
            boolean checksHalfBuilt) {
        this.waits = waits;
        this.setting = setting;
        this.blockers = blockers;
        this.policy = new RetryPolicy(settings);
        this.report = new RetryReport(settings, listener);
        this.checksHalfBuilt = checksHalfBuilt;
    }

    /**
     * Sets the lock wait on the run's connection (a guard that does nothing when the settings
     * switch it off or the database has no lock wait setting); {@link #close()} puts the session's
     * previous value back. Behind a proxy each migration's transaction gets the wait instead (see
     * {@link TableLockWaitSetting}).
     *
     * @param observers where the {@link BlockerWatch} takes its second connection from
     * @param throughProxy whether the connection goes through a proxy such as PgBouncer
     */
    public static DdlRetry start(
            DdlSettings settings,
            DatabaseKind kind,
            Connection connection,
            DataSource observers,
            Consumer<DdlLockRetry> listener,
            boolean throughProxy)
            throws SQLException {
        Optional<TableLockWaits> waits = TableLockWaits.of(kind);
        boolean postgres = kind == DatabaseKind.POSTGRESQL;
        if (!settings.enabled() || waits.isEmpty()) {
            return new DdlRetry(null, null, null, settings, retry -> {}, postgres);
        }
        TableLockWaitSetting setting =
                TableLockWaitSetting.set(waits.get(), settings.lockTimeout(), connection, throughProxy);
        BlockerWatch watch = new BlockerWatch(waits.get(), observers, setting::sessionId, settings.lockTimeout());
        return new DdlRetry(waits.get(), setting, watch, settings, listener, postgres);
    }

    /** A guard that runs everything once and changes nothing. */
    public static DdlRetry off() {
        return new DdlRetry(null, null, null, new DdlSettings(Duration.ZERO, Duration.ZERO), retry -> {}, false);
    }

    /**
     * Ends the pause between retries early, and retries no more, once {@code stopping} says the
     * run is asked to stop (a SIGTERM): a stop need not wait out a pause of up to {@value
     * RetryPolicy#MAX_PAUSE_SECONDS} s.
     */
    public DdlRetry stoppingWhen(BooleanSupplier stopping) {
        this.stopping = stopping;
        return this;
    }

    /** Behind a proxy: the lock wait for this transaction only, and the session it runs in for the watch. */
    @Override
    public void transactionStarted(Connection on) throws SQLException {
        if (setting != null) {
            setting.transactionStarted(on);
        }
    }

    /** Runs one migration through {@code run}, again while it gives up on locks and the budget lasts. */
    public ExecutedMigration migration(Migration migration, Direction direction, Supplier<ExecutedMigration> run) {
        if (waits == null || blockers == null) {
            return run.get();
        }
        Attempt attempt = new Attempt(migration.id(), !migration.parsed().noTransaction(direction), policy.tries());
        current = attempt;
        try {
            while (true) {
                BlockerWatch.Watch watch = blockers.watch(attempt.seen);
                try {
                    ExecutedMigration done = run.get();
                    report.wentThrough(attempt.id, attempt.tries.retries(), attempt.tries.elapsedNanos());
                    return done.withLockRetries(attempt.tries.retries());
                } catch (MigrationExecutionException e) {
                    if (!gaveUpOnALock(e)) {
                        throw e;
                    }
                    if (attempt.transactional && waits.transactionalDdl() && pause(attempt, e.line(), true)) {
                        continue;
                    }
                    throw report.gaveUp(
                            e,
                            attempt.tries.retries(),
                            attempt.tries.elapsedNanos(),
                            attempt.seen.last(),
                            stopping.getAsBoolean());
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
            ConcurrentStatementRun.execute(statement, sql, concurrent.get(), setting, concurrentWait());
            return;
        }
        Attempt attempt = current;
        if (waits == null || attempt == null || !retriesInPlace(attempt, sql)) {
            statement.execute(sql.sql());
            return;
        }
        while (true) {
            try {
                statement.execute(sql.sql());
                return;
            } catch (SQLException e) {
                if (!waits.isLockTimeout(e) || !pause(attempt, sql.line(), false)) {
                    throw e;
                }
            }
        }
    }

    /** Puts the session's lock wait back as it was and stops the watch. */
    @Override
    public void close() {
        if (blockers != null) {
            blockers.close();
        }
        if (setting != null) {
            setting.restore();
        }
    }

    /** Reports the retry and sleeps; false when the budget is spent, the run is stopping or the thread interrupted. */
    private boolean pause(Attempt attempt, int line, boolean wholeMigration) {
        var seen = attempt.seen.sinceLastRetry();
        long left = attempt.tries.leftNanos();
        if (left <= 0) {
            return false;
        }
        long pause = attempt.tries.nextPause(left);
        report.retrying(attempt.id, line, attempt.tries.retries(), wholeMigration, pause, left, seen);
        return attempt.tries.sleep(pause, stopping);
    }

    /** For a {@code … CONCURRENTLY} statement: what is left of the migration's retry budget, at least the lock timeout. */
    private Duration concurrentWait() {
        Attempt attempt = current;
        long left = attempt == null ? 0 : attempt.tries.leftNanos();
        return Duration.ofNanos(Math.max(left, policy.lockTimeout().toNanos()));
    }

    private boolean retriesInPlace(Attempt attempt, SqlStatement sql) {
        return !attempt.transactional
                || (waits != null && !waits.transactionalDdl() && StatementKind.of(sql.sql()) == StatementKind.DDL);
    }

    private boolean gaveUpOnALock(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && waits != null && waits.isLockTimeout(sql)) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The tries of one migration, and who was seen blocking them. */
    private record Attempt(String id, boolean transactional, RetryPolicy.Tries tries, BlockerWatch.Seen seen) {
        Attempt(String id, boolean transactional, RetryPolicy.Tries tries) {
            this(id, transactional, tries, new BlockerWatch.Seen());
        }
    }
}
