package dev.migrate;

import java.time.Duration;
import java.util.List;

/**
 * What one run did.
 *
 * @param executed the migrations applied, undone or skipped, in the order they ran
 * @param lockTaken false when the run found nothing to do without taking the lock: at once, after
 *     one read, or while waiting for another process that held the lock and did the work
 * @param lockWait how long the run waited for another holder of the lock
 * @param total the whole run, lock wait included
 */
public record MigrateResult(List<ExecutedMigration> executed, boolean lockTaken, Duration lockWait, Duration total) {

    public MigrateResult {
        executed = List.copyOf(executed);
    }

    /** How many migrations ran. */
    public int count() {
        return executed.size();
    }

    /** How often the run's migrations gave up waiting for a table lock and were tried again. */
    public int lockRetries() {
        int retries = 0;
        for (ExecutedMigration migration : executed) {
            retries += migration.lockRetries();
        }
        return retries;
    }
}
