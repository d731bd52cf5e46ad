package dev.migrate.boot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link MigrateExecution} per {@link dev.migrate.Migrator} bean (several databases or
 * tenants), by name ({@code migrate.migrators.NAME}, or the bean name of a Migrator named {@code
 * default}), in the order the Migrators are ordered ({@code @Order}); each runs at
 * start-up, and the endpoint and health report each by its name.
 */
final class MigrateExecutions {

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
}
