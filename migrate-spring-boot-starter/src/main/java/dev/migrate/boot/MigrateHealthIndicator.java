package dev.migrate.boot;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * One Migrator's {@link MigrateHealth} as a Spring Boot 4 health indicator (module
 * spring-boot-health). With several Migrator beans, {@code migrate} is a composite with one of
 * these per Migrator name.
 */
final class MigrateHealthIndicator extends AbstractHealthIndicator {

    private final MigrateExecution execution;

    MigrateHealthIndicator(MigrateExecution execution) {
        super("migrate health check failed");
        this.execution = execution;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        MigrateHealth health = MigrateHealth.of(execution);
        switch (health.state()) {
            case UP -> builder.up();
            case DOWN -> builder.down();
            case UNKNOWN -> builder.unknown();
        }
        builder.withDetails(health.details());
    }
}
