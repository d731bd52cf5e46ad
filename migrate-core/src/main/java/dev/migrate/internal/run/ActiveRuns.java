package dev.migrate.internal.run;

import dev.migrate.internal.execute.RunStop;
import dev.migrate.internal.log.Log;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The runs of one Migrator in progress, so that {@link dev.migrate.Migrator#stop} can stop them
 * from another thread (a shutdown hook) and wait until each has rolled back or marked what it
 * could not, released its lock and handed its connection back.
 */
final class ActiveRuns {

    private static final Log log = Log.named(OperatorLog.NAME);

    /** How often a cancel is sent again while a stopped run has not ended. */
    private static final long CANCEL_AGAIN_MILLIS = 200;

    private final Set<Run> runs = ConcurrentHashMap.newKeySet();

    /** One run in progress; {@link #close()} when it has ended (its connection handed back). */
    final class Run implements AutoCloseable {
        final RunStop stop = new RunStop();
        private final CountDownLatch ended = new CountDownLatch(1);

        @Override
        public void close() {
            runs.remove(this);
            ended.countDown();
        }
    }

    Run begin() {
        Run run = new Run();
        runs.add(run);
        return run;
    }

    /**
     * Stops every run in progress and waits until each has ended, at most {@code wait}.
     *
     * @return whether none is left running
     */
    boolean stop(Duration wait) {
        List<Run> now = List.copyOf(runs);
        if (now.isEmpty()) {
            return true;
        }
        log.warn("Stopping the migration run in progress: cancelling its statement on the server; what it could"
                + " not roll back is marked, and the lock is released");
        now.forEach(run -> run.stop.request());
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            for (Run run : now) {
                while (!run.ended.await(CANCEL_AGAIN_MILLIS, TimeUnit.MILLISECONDS)) {
                    if (System.nanoTime() - deadline >= 0) {
                        log.warn("The migration run did not end within " + wait.toMillis() + " ms of being stopped");
                        return false;
                    }
                    run.stop.cancelRunning(); // a cancel that reached the server before the statement did
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
