package dev.migrate.boot;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A JVM shutdown hook for a migration that runs while the context starts (modes initializer and
 * exit). Spring's own hook cannot help there: closing the context waits for the start-up, which
 * waits for the migration, so SIGTERM would change nothing until the last statement ended. This
 * hook stops the runs instead (their statements are cancelled on the server; they roll back or mark
 * what they could not, and release the lock) and waits for them; the start-up then fails, and
 * Spring's hook closes the context and lets the JVM end (exit status 143 after SIGTERM).
 */
final class ShutdownStop implements AutoCloseable {

    private static final Log log = LogFactory.getLog(ShutdownStop.class);

    /** How often the hook looks again for a run that began after the signal. */
    private static final long AGAIN_MILLIS = 100;

    private final Thread hook;
    private volatile boolean fired;
    private volatile boolean closed;

    private ShutdownStop(MigrateExecutions executions) {
        this.hook = new Thread(() -> stop(executions), "migrate-shutdown");
    }

    /**
     * Stops the runs in progress, and goes on stopping runs that begin later (the next Migrator's,
     * or one that was about to begin when the signal came) until the start-up is done with them or
     * {@link MigrateExecutions#STOP_WAIT} has passed.
     */
    private void stop(MigrateExecutions executions) {
        fired = true;
        if (closed) {
            return; // System.exit after the command: nothing to stop
        }
        log.warn("migrate: the JVM is shutting down (SIGTERM?) during the start-up migration: stopping it");
        long deadline = System.nanoTime() + MigrateExecutions.STOP_WAIT.toNanos();
        while (true) {
            executions.stopAll(MigrateExecutions.STOP_WAIT);
            if (closed || System.nanoTime() - deadline >= 0) {
                return;
            }
            try {
                Thread.sleep(AGAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Installs the hook until {@link #close()}. */
    static ShutdownStop install(MigrateExecutions executions) {
        ShutdownStop stop = new ShutdownStop(executions);
        Runtime.getRuntime().addShutdownHook(stop.hook);
        return stop;
    }

    /** Whether the JVM began to shut down (SIGTERM) while the hook was installed. */
    boolean fired() {
        return fired;
    }

    /**
     * The start-up is done migrating: from now on the hook, if it runs, stops nothing and returns
     * at once (so that a {@code System.exit} that runs it is not held up).
     */
    void done() {
        closed = true;
    }

    /** Removes the hook; nothing to do once the JVM shuts down (the hook ran, or runs now). */
    @Override
    public void close() {
        done();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            log.debug("migrate: the JVM is shutting down; its shutdown hook stays");
        }
    }
}
