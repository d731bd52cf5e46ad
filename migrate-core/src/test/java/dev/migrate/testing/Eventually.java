package dev.migrate.testing;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Waits for a state a test can observe (a session in {@code pg_stat_activity}, a row, a flag)
 * instead of sleeping for a fixed time. It polls until the state is seen; the timeout is generous
 * because it only ends a test that is broken, and a busy machine must not make a working one fail.
 * An {@link AssertionError} thrown by a probe (an invariant checked while waiting) ends the wait
 * at once.
 */
public final class Eventually {

    /** How long to wait for an outcome by default: long enough for a loaded 2-core machine. */
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final long POLL_MILLIS = 20;

    private Eventually() {}

    /** A state to wait for. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A value to wait for: null while it has not shown up. */
    @FunctionalInterface
    public interface Probe<T> {
        @Nullable
        T poll() throws Exception;
    }

    /** Waits up to {@link #TIMEOUT} until {@code condition} holds; {@code awaited} says what for. */
    public static void until(String awaited, Condition condition) throws Exception {
        until(awaited, TIMEOUT, condition);
    }

    /** Waits up to {@code timeout} until {@code condition} holds; {@code awaited} says what for. */
    public static void until(String awaited, Duration timeout, Condition condition) throws Exception {
        value(awaited, timeout, () -> condition.holds() ? Boolean.TRUE : null);
    }

    /** Waits up to {@link #TIMEOUT} until {@code probe} returns a value, and returns it. */
    public static <T> T value(String awaited, Probe<T> probe) throws Exception {
        return value(awaited, TIMEOUT, probe);
    }

    /** Waits up to {@code timeout} until {@code probe} returns a value, and returns it. */
    public static <T> T value(String awaited, Duration timeout, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.poll();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("Waited " + timeout.toSeconds() + " s for " + awaited + "; not seen");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }
}
