package dev.migrate;

import java.time.Duration;
import java.util.List;

/**
 * What one run did.
 *
 * @param executed the migrations applied, undone or skipped, in the order they ran
 * @param lockTaken false when nothing was pending and the run returned after one read
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
}
