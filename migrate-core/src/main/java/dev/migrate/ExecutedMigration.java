package dev.migrate;

import java.time.Duration;

/**
 * One migration a run applied (or undid, or skipped).
 *
 * @param id the file name
 * @param direction up or down
 * @param duration how long its statements and history write took
 * @param statements how many statements ran (0 for a skip)
 * @param lockRetries how often it (or one of its statements) gave up waiting for a table lock and
 *     was tried again
 */
public record ExecutedMigration(String id, Direction direction, Duration duration, int statements, int lockRetries) {

    /** A migration that ran at the first try. */
    public ExecutedMigration(String id, Direction direction, Duration duration, int statements) {
        this(id, direction, duration, statements, 0);
    }

    /** The same, with its lock retries counted. */
    public ExecutedMigration withLockRetries(int lockRetries) {
        return new ExecutedMigration(id, direction, duration, statements, lockRetries);
    }
}
