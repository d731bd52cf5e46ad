package dev.migrate.internal.lock;

import dev.migrate.LockException;
import dev.migrate.LockHolder;
import dev.migrate.internal.log.DurationText;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.redact.SqlRedactor;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Waits for a lock the way every kind does: try, then pause with backoff and jitter (50 ms,
 * doubling to a cap near a second, each ±25 %), never a blocking wait inside the database. A
 * blocked {@code pg_advisory_lock} holds a snapshot that a holder's {@code CREATE INDEX
 * CONCURRENTLY} waits for, and the two would hang; a try-lock returns at once and keeps no
 * transaction open. A pause may end early when the holder signals its release (see {@link
 * ReleaseSignal}), so waiters need not sleep out their backoff after the lock is free. While
 * waiting it logs the holder every few seconds; past the timeout it fails naming the holder.
 */
final class LockPoller {

    private static final Log log = Log.of(LockPoller.class);

    static final Duration FIRST_SLEEP = Duration.ofMillis(50);
    static final Duration MAX_SLEEP = Duration.ofMillis(1000);
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    /** One non-blocking attempt. */
    @FunctionalInterface
    interface Attempt {
        boolean tryLock() throws SQLException;
    }

    /** Asks the database who holds the lock. */
    @FunctionalInterface
    interface HolderLookup {
        Optional<LockHolder> holder() throws SQLException;

        /**
         * The holder, or one described as {@code nobody} when the lock is free, or as unknown when
         * the look-up fails (no details then); never fails.
         */
        default LockHolder holderOr(String nobody) {
            try {
                return holder().orElse(new LockHolder(nobody, Map.of()));
            } catch (SQLException | RuntimeException e) {
                return new LockHolder("an unknown holder (looking it up failed: " + e.getMessage() + ")", Map.of());
            }
        }

        /** The holder's description for a log line or an error, {@code nobody} when free; never fails. */
        default String describe(String nobody) {
            return holderOr(nobody).description();
        }
    }

    /** Waits between tries, at most the time given; it may return sooner. */
    @FunctionalInterface
    interface Pause {
        void pause(long millis) throws SQLException, InterruptedException;
    }

    private static final String NOBODY = "nobody (it was just released)";

    private LockPoller() {}

    /**
     * Tries until the attempt succeeds or {@code timeout} passes.
     *
     * @param what the lock, for messages ({@code postgres-advisory key 42})
     * @param stillNeeded asked after each failed try; when it says no, waiting ends without the lock
     * @param pause waits between tries ({@link ReleaseSignal#NONE} sleeps; a release signal may end it early)
     * @return how long it waited for the lock, or null when it gave up because the lock was no
     *     longer needed
     * @throws LockException on timeout (naming the holder), interruption or a database error
     */
    static @Nullable Duration poll(
            String what,
            Duration timeout,
            Attempt attempt,
            HolderLookup holders,
            MigrationLock.StillNeeded stillNeeded,
            Pause pause) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + REPORT_EVERY.toNanos();
        long sleep = FIRST_SLEEP.toNanos();
        try {
            while (true) {
                if (attempt.tryLock()) {
                    Duration waited = Duration.ofNanos(System.nanoTime() - start);
                    if (waited.compareTo(REPORT_EVERY) >= 0) {
                        log.info("Took the migration lock (" + what + ") after waiting " + DurationText.of(waited));
                    }
                    return waited;
                }
                if (!stillNeeded.check()) {
                    log.info("Stopped waiting for the migration lock (" + what + ") after "
                            + DurationText.of(Duration.ofNanos(System.nanoTime() - start))
                            + ": the holder finished the work");
                    return null;
                }
                long now = System.nanoTime();
                if (now - deadline >= 0) {
                    LockHolder holder = holders.holderOr(NOBODY);
                    throw new LockException(
                            what,
                            holder,
                            timeout,
                            "Timed out after " + DurationText.of(timeout) + " waiting for the migration lock (" + what
                                    + "); it is held by " + holder.description()
                                    + ". Raise the lock timeout if a long migration"
                                    + " is expected, or find and stop the holder.");
                }
                if (now - nextReport >= 0) {
                    log.info("Waiting " + DurationText.of(Duration.ofNanos(now - start)) + " for the migration lock ("
                            + what + "), held by " + holders.describe(NOBODY));
                    nextReport = now + REPORT_EVERY.toNanos();
                }
                long jittered = jitter(sleep);
                pause.pause(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(jittered, deadline - now))));
                sleep = Math.min(sleep * 2, MAX_SLEEP.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LockException(
                    LockException.Reason.NOT_TAKEN,
                    what,
                    "Interrupted while waiting for the migration lock (" + what + ")",
                    e);
        } catch (SQLException e) {
            throw new LockException(
                    LockException.Reason.NOT_TAKEN,
                    what,
                    "Could not take the migration lock (" + what + "): "
                            + SqlRedactor.message(String.valueOf(e.getMessage())),
                    e);
        }
    }

    /** {@code nanos} ±25 %, so that waiters started together spread out. */
    static long jitter(long nanos) {
        double factor = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Math.max(1, (long) (nanos * factor));
    }
}
