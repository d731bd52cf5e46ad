package dev.migrate.report;

import dev.migrate.ExecutedMigration;
import dev.migrate.MigrateResult;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The one line to look for after a run: how many migrations ran, which way, in how long, the lock
 * wait and the last one; or that the schema was up to date; or that another process applied the
 * migrations while this one waited for the lock.
 */
public final class RunText {

    private RunText() {}

    /** E.g. {@code migrate: ran 2 migrations up in 1.3 s (lock wait 0 ms), last 2_orders.sql}. */
    public static String of(MigrateResult result) {
        if (result.count() == 0) {
            if (!result.lockTaken() && result.lockWait().isZero()) {
                return "migrate: schema is up to date, nothing to migrate (checked in " + format(result.total()) + ")";
            }
            return "migrate: nothing left to do after waiting " + format(result.lockWait())
                    + " for the lock (another process applied the migrations)";
        }
        List<ExecutedMigration> executed = result.executed();
        ExecutedMigration last = executed.get(executed.size() - 1);
        String verb = last.direction().name().toLowerCase(Locale.ROOT);
        return "migrate: ran " + result.count() + (result.count() == 1 ? " migration " : " migrations ") + verb
                + " in " + format(result.total()) + " (lock wait " + format(result.lockWait()) + "), last "
                + last.id();
    }

    /**
     * Milliseconds under a second, else seconds to one decimal ({@code 12.3 s}): a run's time is
     * read to the tenth, unlike the engine's own lines ({@code DurationText}, whole seconds from
     * ten on), which this package does not use.
     */
    private static String format(Duration duration) {
        long millis = duration.toMillis();
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
