package dev.migrate.boot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link MigrationExecution} per {@link dev.migrate.Migrator} bean (several databases or
 * tenants), by bean name, in the order the Migrators are ordered ({@code @Order}); each runs at
 * start-up, and the endpoint and health report each by its name.
 */
final class MigrationExecutions {

    private final Map<String, MigrationExecution> byName;

    MigrationExecutions(List<MigrationExecution> executions) {
        Map<String, MigrationExecution> map = new LinkedHashMap<>();
        executions.forEach(execution -> map.put(execution.name(), execution));
        this.byName = Collections.unmodifiableMap(map);
    }

    Map<String, MigrationExecution> byName() {
        return byName;
    }

    List<MigrationExecution> all() {
        return List.copyOf(byName.values());
    }

    /** Migrates each, in order; the first failure stops start-up. */
    void migrateAll() {
        byName.values().forEach(MigrationExecution::migrate);
    }
}
