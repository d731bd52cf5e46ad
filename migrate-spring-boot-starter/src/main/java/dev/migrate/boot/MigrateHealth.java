package dev.migrate.boot;

import dev.migrate.MigrationDatabaseException;
import dev.migrate.MigrationInfo;
import dev.migrate.StatusReport;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One Migrator's health, whichever Boot line reports it: UP with the applied and pending counts;
 * DOWN when a migration is marked failed (its Up or Down failed part-way; it waits for a person and
 * a repair) or interrupted (its process died inside a statement that cannot be rolled back), or the
 * start-up migration failed; UNKNOWN, with the reason, when the status could not
 * be read within {@link #STATUS_BOUND} because another session holds a lock on the history tables.
 * {@link MigrateHealthIndicator} hands it to Spring Boot's health API (which moved between Boot 3
 * and 4).
 */
record MigrateHealth(State state, Map<String, Object> details) {

    /**
     * How long the status read may wait for a lock another session holds on the history tables
     * (a {@code VACUUM FULL}, an {@code ALTER} in an open transaction): a probe must answer soon.
     */
    static final Duration STATUS_BOUND = Duration.ofSeconds(1);

    enum State {
        UP,
        DOWN,
        UNKNOWN
    }

    static MigrateHealth of(MigrateExecution execution) {
        Map<String, Object> details = new LinkedHashMap<>();
        String lastFailure = execution.lastFailure();
        StatusReport status;
        try {
            status = execution.migrator().status(STATUS_BOUND);
        } catch (MigrationDatabaseException e) {
            if (!e.tablesLocked()) {
                throw e;
            }
            // the database answers, but another session locks the history: unknown, unless the run failed
            if (lastFailure != null) {
                details.put("error", lastFailure);
            }
            details.put("reason", e.getMessage());
            details.put("run", execution.state().name().toLowerCase(Locale.ROOT));
            return new MigrateHealth(lastFailure == null ? State.UNKNOWN : State.DOWN, details);
        }
        details.put("applied", status.applied().size());
        details.put("pending", status.pending().size());
        details.put("run", execution.state().name().toLowerCase(Locale.ROOT));
        if (!status.failed().isEmpty()) {
            details.put(
                    "failed", status.failed().stream().map(MigrationInfo::id).toList());
        }
        if (!status.interrupted().isEmpty()) {
            details.put(
                    "interrupted",
                    status.interrupted().stream().map(MigrationInfo::id).toList());
        }
        if (lastFailure != null) {
            details.put("error", lastFailure);
        }
        boolean up = status.failed().isEmpty() && status.interrupted().isEmpty() && lastFailure == null;
        return new MigrateHealth(up ? State.UP : State.DOWN, details);
    }
}
