package dev.migrate.internal.ddl;

import dev.migrate.DdlLockRetry;
import dev.migrate.MigrationExecutionException;
import dev.migrate.internal.log.DurationText;
import dev.migrate.internal.log.Log;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the DDL guard tells: a log line and a {@link DdlLockRetry} to the listener per retry, a line
 * when a retried migration went through, and the error when it gave up, naming the blocking
 * sessions.
 */
final class RetryReport {

    private static final Log log = Log.of(DdlRetry.class);

    private final DdlSettings settings;
    private final Consumer<DdlLockRetry> listener;

    RetryReport(DdlSettings settings, Consumer<DdlLockRetry> listener) {
        this.settings = settings;
        this.listener = listener;
    }

    /** A migration ran through; a line only when it took retries. */
    void wentThrough(String id, int retries, long elapsedNanos) {
        if (retries > 0 && log.isInfoEnabled()) {
            log.info(id + " went through after " + retries + " lock retr" + (retries == 1 ? "y" : "ies") + " in "
                    + TimeUnit.NANOSECONDS.toMillis(elapsedNanos) + " ms");
        }
    }

    /** A statement gave up waiting for a lock, and the guard tries again after {@code pauseMillis}. */
    void retrying(
            String id,
            int line,
            int retry,
            boolean wholeMigration,
            long pauseMillis,
            long budgetLeftNanos,
            List<Blocker> blockers) {
        List<String> described = blockers.stream().map(Blocker::describe).toList();
        if (log.isInfoEnabled()) {
            log.info(id + (line > 0 ? " line " + line : "") + " gave up waiting "
                    + DurationText.of(settings.lockTimeout())
                    + " for a table lock (retry " + retry + "); blocked by " + describe(described)
                    + "; trying the " + (wholeMigration ? "migration" : "statement") + " again in " + pauseMillis
                    + " ms (" + TimeUnit.NANOSECONDS.toSeconds(budgetLeftNanos) + " s of the retry budget left)");
        }
        try {
            listener.accept(
                    new DdlLockRetry(id, line, retry, wholeMigration, Duration.ofMillis(pauseMillis), described));
        } catch (RuntimeException e) {
            log.warn("A DDL lock retry listener failed: " + e.getMessage(), e);
        }
    }

    /** The migration's failure, telling how often it gave up, how long it tried and who blocked it. */
    MigrationExecutionException gaveUp(
            MigrationExecutionException failure,
            int retries,
            long elapsedNanos,
            List<Blocker> blockers,
            boolean stopping) {
        long elapsed = TimeUnit.NANOSECONDS.toMillis(elapsedNanos);
        String gaveUp = "\n  it gave up waiting for table locks " + (retries + 1)
                + " time" + (retries == 0 ? "" : "s") + " in "
                + DurationText.of(Duration.ofMillis(elapsed))
                + " (lock timeout " + DurationText.of(settings.lockTimeout()) + ", retry budget "
                + settings.retryBudget().toSeconds() + " s); blocked by "
                + describe(blockers.stream().map(Blocker::describe).toList())
                + (stopping
                        ? "\n  it stopped retrying: the process is stopping (SIGTERM or a shutdown)."
                        : "\n  end or wait for the blocking sessions, then run again (ddlRetryBudget"
                                + " sets how long to keep trying).");
        return new MigrationExecutionException(
                failure.file(),
                failure.line(),
                failure.statement(),
                failure.databaseMessage(),
                failure.outcome(),
                failure.consequence() + gaveUp,
                failure.getMessage() + gaveUp,
                failure.getCause());
    }

    private static String describe(List<String> blockers) {
        return blockers.isEmpty()
                ? "sessions not seen (they ended, could not be asked, or the DataSource has no second connection)"
                : String.join("; ", blockers);
    }
}
