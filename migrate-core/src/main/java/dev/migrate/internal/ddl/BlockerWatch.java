package dev.migrate.internal.ddl;

import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Asks, a few times per lock timeout and on a connection of its own (the observer, borrowed from
 * the run's DataSource), which sessions block the run's session, so that each retry's log line and
 * the final error can name them. One per run, on a daemon thread of its own; {@link #watch} watches
 * one try of a migration; {@link #close()} ends the thread. It never queries on the run's own
 * connection, even when a single-connection DataSource hands that one out.
 */
final class BlockerWatch implements AutoCloseable {

    private static final Log log = Log.of(BlockerWatch.class);

    /** How long {@link #close()} waits for the thread to close its observer connection. */
    private static final int END_SECONDS = 10;

    private final TableLockWaits waits;
    private final DataSource observers;
    private final LongSupplier sessionId;
    private final long everyMillis;

    private @Nullable ScheduledExecutorService scheduler;
    private volatile boolean sharesTheRunsSession;
    /** Set by {@link #close()}: a poll that still opens an observer closes it at once. */
    private volatile boolean ended;

    /**
     * @param observers where the observer connection comes from
     * @param sessionId the server's id of the session the run's statements run in now
     */
    BlockerWatch(TableLockWaits waits, DataSource observers, LongSupplier sessionId, Duration lockTimeout) {
        this.waits = waits;
        this.observers = observers;
        this.sessionId = sessionId;
        this.everyMillis = Math.max(50, lockTimeout.toMillis() / 4);
    }

    /** Starts watching one try of a migration; what it sees goes to {@code seen}. */
    Watch watch(Seen seen) {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "migrate-ddl-blocker-watch");
                thread.setDaemon(true);
                return thread;
            });
        }
        Watch watch = new Watch(seen);
        watch.future = scheduler.scheduleWithFixedDelay(watch::poll, everyMillis, everyMillis, TimeUnit.MILLISECONDS);
        return watch;
    }

    /** Stops the thread, which closes the observer connection first. */
    @Override
    public void close() {
        ended = true;
        ScheduledExecutorService running = scheduler;
        if (running == null) {
            return;
        }
        // Not shutdownNow: that drops a stopped watch's queued closeObserver, and the observer
        // connection would never go back to the pool. Periodic polls end with shutdown.
        running.shutdown();
        try {
            if (!running.awaitTermination(END_SECONDS, TimeUnit.SECONDS)) {
                log.debug("The blocker watch did not end within " + END_SECONDS + " s; interrupting it");
                running.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.shutdownNow();
        }
    }

    /** One try's watch: asks on the observer connection, and remembers the answer in its {@link Seen}. */
    final class Watch {

        private final Seen seen;
        private @Nullable ScheduledFuture<?> future;
        private @Nullable Connection observer;

        private Watch(Seen seen) {
            this.seen = seen;
        }

        /** On the watch's thread. */
        private void poll() {
            if (sharesTheRunsSession || ended) {
                return;
            }
            try {
                if (observer == null) {
                    Connection opened = observers.getConnection();
                    if (ended) {
                        opened.close(); // the run ended while the pool handed it out
                        return;
                    }
                    if (waits.sessionId(opened) == sessionId.getAsLong()) {
                        // A single-connection DataSource handed out the run's own connection:
                        // never close it nor query on it again while the migration uses it.
                        sharesTheRunsSession = true;
                        return;
                    }
                    observer = opened;
                }
                seen.saw(waits.blockers(observer, sessionId.getAsLong()));
            } catch (SQLException | RuntimeException e) {
                log.debug("Could not ask who blocks the migration's session", e);
                closeObserver();
            }
        }

        /** Stops asking; the observer connection goes back on the watch's thread. */
        void stop() {
            ScheduledFuture<?> scheduled = future;
            ScheduledExecutorService running = scheduler;
            if (scheduled != null) {
                scheduled.cancel(false);
            }
            if (running != null && !running.isShutdown()) {
                running.execute(this::closeObserver);
            }
        }

        private void closeObserver() {
            Connection open = observer;
            observer = null;
            if (open != null) {
                try {
                    open.close();
                } catch (SQLException ignored) {
                    // an observer only reads; nothing to put right
                }
            }
        }
    }

    /** The sessions seen blocking one migration's tries. */
    static final class Seen {

        private volatile List<Blocker> latest = List.of();
        private List<Blocker> atLastRetry = List.of();

        /** On the watch's thread: the latest answer, unless nobody blocks. */
        void saw(List<Blocker> blockers) {
            if (!blockers.isEmpty()) {
                latest = blockers;
            }
        }

        /** For a retry: what was seen since the last one (empty if nothing). */
        List<Blocker> sinceLastRetry() {
            List<Blocker> blockers = latest;
            latest = List.of();
            if (!blockers.isEmpty()) {
                atLastRetry = blockers;
            }
            return blockers;
        }

        /** For the final error: what was seen since the last retry, else what the last retry saw. */
        List<Blocker> last() {
            List<Blocker> blockers = latest;
            return blockers.isEmpty() ? atLastRetry : blockers;
        }
    }
}
