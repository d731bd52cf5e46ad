package dev.migrate.boot;

import dev.migrate.ExecutedMigration;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.InterruptedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * The meters an operator alerts on, one set per Migrator, each tagged {@code migrator} with the
 * Migrator's {@linkplain Migrator#name() name} and registered when the registry is bound, at zero,
 * so that a rule's {@code increase()} has a series from the first scrape on. Prometheus names in
 * brackets:
 *
 * <ul>
 *   <li>{@code migrate.runs.succeeded}, {@code migrate.runs.failed}, {@code migrate.runs.interrupted}
 *       (counters, {@code migrate_runs_*_total}): start-up runs that ended well (nothing to do
 *       included), failed, or were interrupted (the process was told to stop mid-run);
 *   <li>{@code migrate.migrations.applied} (counter, {@code migrate_migrations_applied_total});
 *   <li>{@code migrate.migrations} (gauge, tag {@code state}: one series per {@link
 *       MigrationState}, lower case: {@code pending}, {@code failed}, {@code future}, ...) read
 *       through {@link MigrationCounts}, at most once per {@link MigrationCounts#MAX_AGE};
 *   <li>{@code migrate.run.active} (gauge, 1 while a run is in progress) and {@code
 *       migrate.run.start.time} (seconds since the epoch, 0 while none; {@code
 *       migrate_run_start_time_seconds});
 *   <li>{@code migrate.lock.wait.active} (gauge, 1 while a run waits for the lock another process
 *       holds) and {@code migrate.lock.wait.start.time} ({@code migrate_lock_wait_start_time_seconds});
 *   <li>{@code migrate.run.last.success.time} (seconds since the epoch, 0 before the first; {@code
 *       migrate_run_last_success_time_seconds});
 *   <li>{@code migrate.ddl.lock.retries} (counter, {@code migrate_ddl_lock_retries_total});
 *   <li>{@code migrate.migration.duration} (timer per migration, tag {@code direction}; {@code
 *       migrate_migration_duration_seconds_*}) and {@code migrate.lock.wait} (timer of the wait
 *       before each run that took the lock; {@code migrate_lock_wait_seconds_*}).
 * </ul>
 */
final class MigrateMetrics implements MigrateRunListener, MeterBinder {

    static final String SUCCEEDED = "migrate.runs.succeeded";
    static final String FAILED = "migrate.runs.failed";
    static final String INTERRUPTED = "migrate.runs.interrupted";
    static final String APPLIED = "migrate.migrations.applied";
    static final String MIGRATIONS = "migrate.migrations";
    static final String RUN_ACTIVE = "migrate.run.active";
    static final String RUN_START = "migrate.run.start.time";
    static final String LOCK_WAIT_ACTIVE = "migrate.lock.wait.active";
    static final String LOCK_WAIT_START = "migrate.lock.wait.start.time";
    static final String LAST_SUCCESS = "migrate.run.last.success.time";
    static final String DDL_LOCK_RETRIES = "migrate.ddl.lock.retries";
    static final String DURATION = "migrate.migration.duration";
    static final String LOCK_WAIT = "migrate.lock.wait";
    static final String TAG = "migrator";

    private final MigrateExecutions executions;
    private final DdlLockRetries ddlLockRetries;
    private final ObjectProvider<MeterRegistry> registries;
    private final boolean exitMode;
    private final Map<String, RunCounts> counts = new LinkedHashMap<>();

    MigrateMetrics(
            MigrateExecutions executions, DdlLockRetries ddlLockRetries, ObjectProvider<MeterRegistry> registries) {
        this(executions, ddlLockRetries, registries, false);
    }

    /**
     * @param exitMode {@code migrate.mode=exit}: a run records no timer, for which it would have to
     *     create the meter registry (and its binders) first. The process ends after the command,
     *     with no scrape to come and without closing the context, so nothing would read them.
     */
    MigrateMetrics(
            MigrateExecutions executions,
            DdlLockRetries ddlLockRetries,
            ObjectProvider<MeterRegistry> registries,
            boolean exitMode) {
        this.executions = executions;
        this.ddlLockRetries = ddlLockRetries;
        this.registries = registries;
        this.exitMode = exitMode;
        executions.all().forEach(execution -> counts.put(execution.name(), new RunCounts()));
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (MigrateExecution execution : executions.all()) {
            Migrator migrator = execution.migrator();
            Tags tags = Tags.of(TAG, migrator.name());
            RunCounts run = counts.get(execution.name());
            counter(registry, SUCCEEDED, "Start-up migration runs that ended well", tags, run.succeeded);
            counter(registry, FAILED, "Start-up migration runs that failed", tags, run.failed);
            counter(registry, INTERRUPTED, "Start-up migration runs interrupted by a stop", tags, run.interrupted);
            counter(registry, APPLIED, "Migrations applied at start-up", tags, run.applied);
            MigrationCounts states = new MigrationCounts(migrator);
            for (MigrationState state : MigrationState.values()) {
                Gauge.builder(MIGRATIONS, states, c -> c.count(state))
                        .description("Migrations by state, as the history and the source say")
                        .tags(tags)
                        .tag("state", state.name().toLowerCase(Locale.ROOT))
                        .strongReference(true) // nothing else keeps the counts; a weak one reads NaN after a GC
                        .register(registry);
            }
            gauge(
                    registry,
                    RUN_ACTIVE,
                    "1 while a migration run is in progress",
                    null,
                    tags,
                    execution,
                    e -> e.runningSince() != null ? 1 : 0);
            gauge(
                    registry,
                    RUN_START,
                    "When the run in progress started, 0 while none",
                    "seconds",
                    tags,
                    execution,
                    e -> epochSeconds(e.runningSince()));
            gauge(
                    registry,
                    LOCK_WAIT_ACTIVE,
                    "1 while a run waits for the migration lock that another process holds",
                    null,
                    tags,
                    migrator,
                    m -> m.lockWait().isPresent() ? 1 : 0);
            gauge(
                    registry,
                    LOCK_WAIT_START,
                    "When the current wait for the migration lock began, 0 while none",
                    "seconds",
                    tags,
                    migrator,
                    m -> epochSeconds(m.lockWait().map(w -> w.since()).orElse(null)));
            gauge(
                    registry,
                    LAST_SUCCESS,
                    "When the last migration run that ended well ended, 0 before the first",
                    "seconds",
                    tags,
                    execution,
                    e -> epochSeconds(e.lastSuccess()));
            Timer.builder(DURATION)
                    .description("Time to run one migration")
                    .tags(tags)
                    .tag("direction", "up")
                    .register(registry);
            Timer.builder(LOCK_WAIT)
                    .description("Time spent waiting for the migration lock")
                    .tags(tags)
                    .register(registry);
            String name = migrator.name();
            FunctionCounter.builder(DDL_LOCK_RETRIES, ddlLockRetries, retries -> retries.total(name))
                    .description("Migration statements that gave up waiting for a table lock and were retried")
                    .tags(tags)
                    .register(registry);
        }
    }

    @Override
    public void succeeded(MigrateExecution execution, MigrateResult result) {
        RunCounts run = counts.get(execution.name());
        if (run == null) {
            return;
        }
        run.succeeded.incrementAndGet();
        @Nullable MeterRegistry registry = exitMode ? null : registries.getIfUnique();
        Tags tags = Tags.of(TAG, execution.migrator().name());
        for (ExecutedMigration migration : result.executed()) {
            String direction = migration.direction().name().toLowerCase(Locale.ROOT);
            if (direction.equals("up")) {
                run.applied.incrementAndGet();
            }
            if (registry != null) {
                Timer.builder(DURATION)
                        .description("Time to run one migration")
                        .tags(tags)
                        .tag("direction", direction)
                        .register(registry)
                        .record(migration.duration());
            }
        }
        if (registry != null && (result.lockTaken() || !result.lockWait().isZero())) {
            Timer.builder(LOCK_WAIT)
                    .description("Time spent waiting for the migration lock")
                    .tags(tags)
                    .register(registry)
                    .record(result.lockWait());
        }
    }

    @Override
    public void failed(MigrateExecution execution, Throwable failure) {
        RunCounts run = counts.get(execution.name());
        if (run == null) {
            return;
        }
        if (interrupted(failure)) {
            run.interrupted.incrementAndGet();
        } else {
            run.failed.incrementAndGet();
        }
    }

    /** A run ended by a stop: the thread was interrupted, or the failure came from an interruption. */
    static boolean interrupted(Throwable failure) {
        if (Thread.currentThread().isInterrupted()) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    private static void counter(MeterRegistry registry, String name, String description, Tags tags, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get)
                .description(description)
                .tags(tags)
                .register(registry);
    }

    private static <T> void gauge(
            MeterRegistry registry,
            String name,
            String description,
            @Nullable String baseUnit,
            Tags tags,
            T source,
            Function<T, Number> value) {
        Gauge.Builder<T> builder = Gauge.builder(
                        name, source, s -> value.apply(s).doubleValue())
                .description(description)
                .tags(tags)
                .strongReference(true);
        if (baseUnit != null) {
            builder.baseUnit(baseUnit);
        }
        builder.register(registry);
    }

    private static double epochSeconds(@Nullable Instant instant) {
        return instant == null ? 0 : instant.toEpochMilli() / 1000.0;
    }

    /** The counts of one Migrator's runs, kept here so they survive a registry bound after the run. */
    private static final class RunCounts {
        final AtomicLong succeeded = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong interrupted = new AtomicLong();
        final AtomicLong applied = new AtomicLong();
    }
}
