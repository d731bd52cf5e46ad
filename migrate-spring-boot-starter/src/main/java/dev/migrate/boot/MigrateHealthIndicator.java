package dev.migrate.boot;

import dev.migrate.MigrationDatabaseException;
import dev.migrate.MigrationInfo;
import dev.migrate.StatusReport;
import java.time.Duration;
import java.util.Locale;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * One Migrator's health: UP with the applied and pending counts; DOWN when a migration is marked
 * failed (its Up or Down failed part-way; it waits for a person and a repair) or the start-up
 * migration failed. With several Migrator beans, {@code migrate} is a composite with one of these
 * per bean name. UNKNOWN, with the reason, when the status could not be read within {@link
 * #STATUS_BOUND} because another session holds a lock on the history tables.
 */
final class MigrateHealthIndicator extends AbstractHealthIndicator {

    /**
     * How long the status read may wait for a lock another session holds on the history tables
     * (a {@code VACUUM FULL}, an {@code ALTER} in an open transaction): a probe must answer soon.
     */
    static final Duration STATUS_BOUND = Duration.ofSeconds(1);

    private final MigrateExecution execution;

    MigrateHealthIndicator(MigrateExecution execution) {
        super("migrate health check failed");
        this.execution = execution;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        StatusReport status;
        try {
            status = execution.migrator().status(STATUS_BOUND);
        } catch (MigrationDatabaseException e) {
            if (!e.tablesLocked()) {
                throw e;
            }
            // the database answers, but another session locks the history: unknown, unless the run failed
            String lastFailure = execution.lastFailure();
            (lastFailure == null ? builder.unknown() : builder.down().withDetail("error", lastFailure))
                    .withDetail("reason", e.getMessage())
                    .withDetail("run", execution.state().name().toLowerCase(Locale.ROOT));
            return;
        }
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
