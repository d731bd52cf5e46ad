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

    private final Thread hook;
    private volatile boolean fired;

    private ShutdownStop(MigrateExecutions executions) {
        this.hook = new Thread(
                () -> {
                    fired = true;
                    executions.stopAll(MigrateExecutions.STOP_WAIT);
                },
                "migrate-shutdown");
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

    /** Removes the hook; nothing to do once the JVM shuts down (the hook ran, or runs now). */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            log.debug("migrate: the JVM is shutting down; its shutdown hook stays");
        }
    }
}
