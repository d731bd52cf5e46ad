package dev.migrate.internal.ddl;

import java.time.Duration;

/**
 * How DDL waits for table locks.
 *
 * @param lockTimeout how long one statement may wait for a lock before it gives up and the
 *     migration (or, without a transaction, the statement) is tried again; zero switches the guard
 *     off (statements wait as long as the database lets them, and nothing is retried)
 * @param retryBudget how long one migration keeps trying before the run fails naming the blockers
 */
public record DdlSettings(Duration lockTimeout, Duration retryBudget) {

    /**
     * One second: long enough to outwait the ordinary short transactions of a busy table (a try is
     * not lost to mere traffic), short enough that queries queued behind a waiting {@code ALTER}
     * stall for about a second per try; and MySQL/MariaDB count {@code lock_wait_timeout} in whole
     * seconds, so it is the shortest value both understand.
     */
    public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(1);

    /** Five minutes: a long report or batch usually ends within it; a stuck session does not. */
    public static final Duration DEFAULT_RETRY_BUDGET = Duration.ofMinutes(5);

    public DdlSettings {
        if (lockTimeout.isNegative()) {
            throw new IllegalArgumentException("lockTimeout must not be negative, was " + lockTimeout);
        }
        if (retryBudget.isNegative()) {
            throw new IllegalArgumentException("retryBudget must not be negative, was " + retryBudget);
        }
    }

    /** The defaults. */
    public static DdlSettings defaults() {
        return new DdlSettings(DEFAULT_LOCK_TIMEOUT, DEFAULT_RETRY_BUDGET);
    }

    /** Whether statements wait briefly and retry. */
    public boolean enabled() {
        return !lockTimeout.isZero();
    }
}
