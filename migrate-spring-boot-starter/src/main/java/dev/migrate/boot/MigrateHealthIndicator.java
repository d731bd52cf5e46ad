package dev.migrate.boot;

import dev.migrate.MigrationInfo;
import dev.migrate.StatusReport;
import java.util.Locale;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * One Migrator's health: UP with the applied and pending counts; DOWN when a migration is marked
 * failed (its Up or Down failed part-way; it waits for a person and a repair) or the start-up
 * migration failed. With several Migrator beans, {@code migrate} is a composite with one of these
 * per bean name.
 */
final class MigrateHealthIndicator extends AbstractHealthIndicator {

    private final MigrateExecution execution;

    MigrateHealthIndicator(MigrateExecution execution) {
        super("migrate health check failed");
        this.execution = execution;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        StatusReport status = execution.migrator().status();
        builder.withDetail("applied", status.applied().size())
                .withDetail("pending", status.pending().size())
                .withDetail("run", execution.state().name().toLowerCase(Locale.ROOT));
        String lastFailure = execution.lastFailure();
        if (!status.failed().isEmpty()) {
            builder.down()
                    .withDetail(
                            "failed",
                            status.failed().stream().map(MigrationInfo::id).toList());
        } else if (lastFailure != null) {
            builder.down();
        } else {
            builder.up();
        }
        if (lastFailure != null) {
            builder.withDetail("error", lastFailure);
        }
    }
}
