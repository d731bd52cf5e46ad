package dev.migrate.internal.ddl;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * When the DDL guard tries again: a migration keeps trying within {@link DdlSettings#retryBudget()},
 * and the pauses between tries start at the lock timeout and double up to {@value
 * #MAX_PAUSE_SECONDS} seconds, each ±25 %, so that the queries that queued behind a waiting
 * statement drain between tries. {@link #tries()} counts the tries of one migration.
 */
final class RetryPolicy {

    static final int MAX_PAUSE_SECONDS = 10;

    /** How often a pause between retries looks whether the run was asked to stop. */
    private static final long STOP_CHECK_MILLIS = 100;

    /**
     * Doublings at most: {@code 100 << 7} already passes the cap, so the shift stays far from the
     * 54 that overflow a long (and from 64, where Java's shift starts again at zero).
     */
    private static final int MAX_DOUBLINGS = 16;

    private final DdlSettings settings;

    RetryPolicy(DdlSettings settings) {
        this.settings = settings;
    }

    Duration lockTimeout() {
        return settings.lockTimeout();
    }

    Duration retryBudget() {
        return settings.retryBudget();
    }

    /** The tries of one migration, counted from now. */
    Tries tries() {
        return new Tries();
    }

    /**
     * The pause before retry {@code done + 1}: the lock timeout (at least 100 ms), doubled per
     * retry already done, capped at {@value #MAX_PAUSE_SECONDS} s, times {@code jitter}. Never
     * negative, however many retries came and however long the lock timeout.
     */
    static long pauseMillis(Duration lockTimeout, int done, double jitter) {
        long max = TimeUnit.SECONDS.toMillis(MAX_PAUSE_SECONDS);
        long base = Math.min(Math.max(100, lockTimeout.toMillis()), max);
        long doubled = base << Math.min(done, MAX_DOUBLINGS);
        return (long) (Math.min(doubled, max) * jitter);
    }

    /** The tries of one migration: how many retries, and how much of the budget is left. */
    final class Tries {

        private final long start = System.nanoTime();
        private int retries;

        /** Retries done so far. */
        int retries() {
            return retries;
        }

        long elapsedNanos() {
            return System.nanoTime() - start;
        }

        /** What is left of the retry budget; zero or less when it is spent. */
        long leftNanos() {
            return settings.retryBudget().toNanos() - elapsedNanos();
        }

        /** Counts one more retry and returns the pause before it: never longer than {@code leftNanos}. */
        long nextPause(long leftNanos) {
            long pause = Math.min(
                    pauseMillis(
                            settings.lockTimeout(),
                            retries,
                            ThreadLocalRandom.current().nextDouble(0.75, 1.25)),
                    TimeUnit.NANOSECONDS.toMillis(leftNanos));
            retries++;
            return pause;
        }

        /**
         * Sleeps {@code millis} in short slices; false as soon as {@code stopping} says the run is
         * asked to stop (a stop need not wait out a pause), or the thread is interrupted.
         */
        boolean sleep(long millis, BooleanSupplier stopping) {
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            try {
                for (long left = millis; left > 0; left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime())) {
                    if (stopping.getAsBoolean()) {
                        return false;
                    }
                    Thread.sleep(Math.min(left, STOP_CHECK_MILLIS));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            return !stopping.getAsBoolean();
        }
    }
}
