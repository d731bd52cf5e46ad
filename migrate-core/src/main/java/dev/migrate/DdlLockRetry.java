package dev.migrate;

import java.time.Duration;
import java.util.List;

/**
 * A migration statement gave up waiting for a table lock, and migrate tries again after a pause.
 *
 * @param migration the migration's id (its file name)
 * @param line the line where the statement that gave up starts (0 when not known)
 * @param retry which retry of this migration this is (1 for the first)
 * @param wholeMigration true when the whole migration runs again (it was rolled back), false when
 *     only the statement does (it had no effect; the statements before it stay applied)
 * @param pause how long migrate waits before the retry
 * @param blockers the sessions seen blocking it, one line each, secrets in their queries redacted
 */
public record DdlLockRetry(
        String migration, int line, int retry, boolean wholeMigration, Duration pause, List<String> blockers) {

    public DdlLockRetry {
        blockers = List.copyOf(blockers);
    }
}
