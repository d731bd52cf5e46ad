package dev.migrate.boot;

import org.springframework.beans.factory.InitializingBean;

/**
 * {@code migrate.mode=initializer}: migrates while the context starts. Spring Boot's
 * database-initializer detection ({@link MigrateDatabaseInitializerDetector}) makes JdbcTemplate,
 * JPA and other database beans depend on this bean, so they see the migrated schema (JPA {@code
 * ddl-auto=validate}).
 */
final class MigrateInitializer implements InitializingBean {

    private final MigrationExecution execution;

    MigrateInitializer(MigrationExecution execution) {
        this.execution = execution;
    }

    @Override
    public void afterPropertiesSet() {
        execution.migrate();
    }
}
