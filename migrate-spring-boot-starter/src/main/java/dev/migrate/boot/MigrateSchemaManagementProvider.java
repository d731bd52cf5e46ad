package dev.migrate.boot;

import dev.migrate.Migrator;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.SchemaManagement;
import org.springframework.boot.jdbc.SchemaManagementProvider;

/**
 * Tells Spring Boot that migrate manages the schema of a DataSource it migrates, so Hibernate's
 * default {@code ddl-auto} for an embedded database becomes {@code none} instead of {@code
 * create-drop} (which would drop the migrated tables and create its own).
 */
final class MigrateSchemaManagementProvider implements SchemaManagementProvider {

    private final ObjectProvider<Migrator> migrators;

    MigrateSchemaManagementProvider(ObjectProvider<Migrator> migrators) {
        this.migrators = migrators;
    }

    @Override
    public SchemaManagement getSchemaManagement(DataSource dataSource) {
        return migrators.stream().anyMatch(migrator -> migrator.dataSource() == dataSource)
                ? SchemaManagement.MANAGED
                : SchemaManagement.UNMANAGED;
    }
}
