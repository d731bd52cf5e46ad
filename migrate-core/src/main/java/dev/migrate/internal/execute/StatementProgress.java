package dev.migrate.internal.execute;

import dev.migrate.internal.log.Log;
import dev.migrate.internal.parse.SqlStatement;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Reports a statement that runs long: every {@code interval} (30 seconds by default) while one
 * statement (or one batch) is still running, an INFO line with its file, line and how long it has
 * run, so that an operator watching a long {@code CREATE INDEX} knows the process is not stuck.
 *
 * <p>One watcher thread (a daemon) per run that applies something, started by the runner and
 * closed when the run ends. The statement path pays one volatile write per statement or batch.
 */
public final class StatementProgress implements AutoCloseable {

    private static final Log log = Log.of(StatementProgress.class);

    /** Reports nothing and starts no thread. */
    public static final StatementProgress NONE = new StatementProgress();

    private final long intervalNanos;
    private final @Nullable ScheduledExecutorService watcher;
    private volatile String file = "";
    private volatile @Nullable Running running;

    /** What runs now; {@code reports} is written by the watcher only. */
    private static final class Running {
        final String file;
        final int line;
        final int statements;
        final long startNanos;
        int reports;

        Running(String file, int line, int statements, long startNanos) {
            this.file = file;
            this.line = line;
            this.statements = statements;
            this.startNanos = startNanos;
        }
    }

    private StatementProgress() {
        this.intervalNanos = Long.MAX_VALUE;
        this.watcher = null;
    }

    private StatementProgress(Duration interval) {
        this.intervalNanos = interval.toNanos();
        this.watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "migrate-progress");
            thread.setDaemon(true);
            return thread;
        });
        // checks ten times per interval, so a report comes at most a tenth of an interval late
        long tick = Math.max(TimeUnit.MILLISECONDS.toNanos(10), intervalNanos / 10);
        watcher.scheduleAtFixedRate(this::check, tick, tick, TimeUnit.NANOSECONDS);
    }

    /** Starts watching; {@link #close()} stops the watcher thread. */
    public static StatementProgress every(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the progress interval must be positive, was " + interval);
        }
        return new StatementProgress(interval);
    }

    /** The migration whose statements follow. */
    void migration(String id) {
        if (watcher != null) {
            file = id;
        }
    }

    /** A statement, or a batch of {@code statements} starting with {@code first}, is sent now. */
    void started(SqlStatement first, int statements) {
        if (watcher != null) {
            running = new Running(file, first.line(), statements, System.nanoTime());
        }
    }

    /** The statement or batch {@linkplain #started started} last has returned. */
    void finished() {
        if (watcher != null) {
            running = null;
        }
    }

    private void check() {
        Running now = running;
        if (now == null) {
            return;
        }
        long elapsed = System.nanoTime() - now.startNanos;
        if (elapsed / intervalNanos > now.reports) {
            now.reports = (int) (elapsed / intervalNanos);
            if (log.isInfoEnabled()) {
                log.info("Still running " + now.file + " line " + now.line
                        + (now.statements > 1 ? " (a batch of " + now.statements + " statements)" : "") + ": "
                        + String.format(Locale.ROOT, "%.0f s", elapsed / 1e9) + " so far");
            }
        }
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.shutdownNow();
            try {
                watcher.awaitTermination(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
