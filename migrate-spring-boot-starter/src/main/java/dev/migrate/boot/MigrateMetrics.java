package dev.migrate.boot;

import dev.migrate.ExecutedMigration;
import dev.migrate.MigrateResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Micrometer meters of the start-up migration: {@code migrate.migrations.applied} (counter), {@code
 * migrate.migration.duration} (timer per migration, tagged by direction only, to keep cardinality
 * low), {@code migrate.lock.wait} (timer), {@code migrate.runs.failed} (counter) and {@code
 * migrate.ddl.lock.retries} (counter).
 */
final class MigrateMetrics implements MigrateRunListener {

    static final String APPLIED = "migrate.migrations.applied";
    static final String DURATION = "migrate.migration.duration";
    static final String LOCK_WAIT = "migrate.lock.wait";
    static final String FAILED = "migrate.runs.failed";
    static final String DDL_LOCK_RETRIES = "migrate.ddl.lock.retries";

    private final ObjectProvider<MeterRegistry> registries;

    MigrateMetrics(ObjectProvider<MeterRegistry> registries) {
        this.registries = registries;
    }

    @Override
    public void succeeded(MigrateResult result) {
        MeterRegistry registry = registries.getIfUnique();
        if (registry == null) {
            return;
        }
        Counter applied = Counter.builder(APPLIED)
                .description("Migrations applied at start-up")
                .register(registry);
        for (ExecutedMigration migration : result.executed()) {
            String direction = migration.direction().name().toLowerCase(Locale.ROOT);
            if (direction.equals("up")) {
                applied.increment();
            }
            Timer.builder(DURATION)
                    .description("Time to run one migration")
                    .tag("direction", direction)
                    .register(registry)
                    .record(migration.duration());
        }
        if (result.lockTaken() || !result.lockWait().isZero()) {
            Timer.builder(LOCK_WAIT)
                    .description("Time spent waiting for the migration lock")
                    .register(registry)
                    .record(result.lockWait());
        }
    }

    /**
     * {@code migrate.ddl.lock.retries}: how often a migration statement gave up waiting for a table
     * lock and was retried, counted as it happens (a run that waits out a blocker shows it rising).
     */
    static MeterBinder ddlLockRetries(DdlLockRetries retries) {
        return registry -> FunctionCounter.builder(DDL_LOCK_RETRIES, retries, DdlLockRetries::total)
                .description("Migration statements that gave up waiting for a table lock and were retried")
                .register(registry);
    }

    @Override
    public void failed(Throwable failure) {
        MeterRegistry registry = registries.getIfUnique();
        if (registry != null) {
            Counter.builder(FAILED)
                    .description("Start-up migration runs that failed")
                    .register(registry)
                    .increment();
        }
    }
}
