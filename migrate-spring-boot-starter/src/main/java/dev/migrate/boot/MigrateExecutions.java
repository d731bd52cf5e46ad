package dev.migrate.boot;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.DisposableBean;

/**
 * One {@link MigrateExecution} per {@link dev.migrate.Migrator} bean (several databases or
 * tenants), by name ({@code migrate.migrators.NAME}, or the bean name of a Migrator named {@code
 * default}), in the order the Migrators are ordered ({@code @Order}); each runs at
 * start-up, and the endpoint and health report each by its name.
 *
 * <p>When the context closes while one still migrates (SIGTERM during a runner-mode migration),
 * it is stopped first: this bean uses the Migrators and so the DataSource, and is destroyed before
 * them, so the run rolls back (or marks) and releases its lock on a live connection before the
 * pool closes.
 */
final class MigrateExecutions implements DisposableBean {

    /** How long a stop waits for a run to end: a cancelled statement ends within milliseconds. */
    static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Map<String, MigrateExecution> byName;

    MigrateExecutions(List<MigrateExecution> executions) {
        Map<String, MigrateExecution> map = new LinkedHashMap<>();
        for (MigrateExecution execution : executions) {
            if (map.putIfAbsent(execution.name(), execution) != null) {
                throw new IllegalStateException("two Migrator beans are named '" + execution.name()
                        + "': give each its own name (Migrator.Builder.name, or the migrate.migrators entry's)");
            }
        }
        this.byName = Collections.unmodifiableMap(map);
    }

    Map<String, MigrateExecution> byName() {
        return byName;
    }

    List<MigrateExecution> all() {
        return List.copyOf(byName.values());
    }

    /** Migrates each, in order; the first failure stops start-up. */
    void migrateAll() {
        byName.values().forEach(MigrateExecution::migrate);
    }

    /**
     * Stops every run in progress (see {@link dev.migrate.Migrator#stop}) and waits for each to
     * end, at most {@code wait} each.
     */
    void stopAll(Duration wait) {
        byName.values().forEach(execution -> execution.migrator().stop(wait));
    }

    @Override
    public void destroy() {
        stopAll(STOP_WAIT);
    }
}
