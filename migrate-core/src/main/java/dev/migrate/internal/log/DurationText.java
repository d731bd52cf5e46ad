package dev.migrate.internal.log;

import java.time.Duration;
import java.util.Locale;

/**
 * How the engine's log lines and errors write a duration a person reads (a lock wait, a timeout, a
 * blocker's open transaction): {@code 300 ms} under a second, {@code 2.5 s} under ten seconds,
 * {@code 42 s} from there on. Millisecond counts that a reader compares or a tool parses ({@code
 * Applied 1_users.sql in 12 ms}) are written as such where they appear.
 */
public final class DurationText {

    private DurationText() {}

    public static String of(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        return (millis / 1000) + " s";
    }
}
