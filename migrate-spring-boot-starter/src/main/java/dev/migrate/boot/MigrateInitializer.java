package dev.migrate.boot;

import org.springframework.beans.factory.InitializingBean;

/**
 * Migrates while the context starts when {@link MigrateStartup} decided so (modes initializer
 * and exit, and auto when a bean uses the schema at start-up). Spring Boot's database-initializer
 * detection ({@link MigrateDatabaseInitializerDetector}) makes JdbcTemplate, JPA, jOOQ and {@code
 * @DependsOnDatabaseInitialization} beans depend on this bean in every mode, so they see the
 * migrated schema (JPA {@code ddl-auto=validate}); when the runner migrates instead, it does
 * nothing.
 */
final class MigrateInitializer implements InitializingBean {

    private final MigrateStartup startup;

    MigrateInitializer(MigrateStartup startup) {
        this.startup = startup;
    }

    @Override
    public void afterPropertiesSet() {
        startup.duringContextStart();
    }
}
