package dev.migrate.boot;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.report.RunText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Runs the start-up migration once per call through the {@link MigrateStrategy}, logs a
 * one-line summary, tells the listeners, and remembers how the last run ended for the health
 * indicator.
 */
final class MigrateExecution {

    private static final Log log = LogFactory.getLog(MigrateExecution.class);

    /** Where the start-up migration stands. */
    enum State {
        NOT_STARTED,
        RUNNING,
        SUCCEEDED,
        FAILED,
        /** {@code migrate.mode=observe}: this process migrates nothing; a Job or initContainer does. */
        OBSERVING
    }

    private final String name;
    private final Migrator migrator;
    private final MigrateStrategy strategy;
    private final ObjectProvider<MigrateRunListener> listeners;
    private final BooleanSupplier enabled;
    private volatile State state = State.NOT_STARTED;
    private volatile @Nullable String lastFailure;
    private volatile @Nullable Instant runningSince;
    private volatile @Nullable Instant lastSuccess;

    MigrateExecution(
            String name, Migrator migrator, MigrateStrategy strategy, ObjectProvider<MigrateRunListener> listeners) {
        this(name, migrator, strategy, listeners, () -> true);
    }

    /**
     * @param name the Migrator's name as the endpoint and health show it (see {@link
     *     MigrateAutoConfiguration#shownName})
     * @param enabled {@code migrate.enabled} as bound at run time: without Spring AOT a false
     *     value removes these beans altogether, but an application built with AOT keeps the beans
     *     of its build, so the value is checked again here
     */
    MigrateExecution(
            String name,
            Migrator migrator,
            MigrateStrategy strategy,
            ObjectProvider<MigrateRunListener> listeners,
            BooleanSupplier enabled) {
        this.name = name;
        this.migrator = migrator;
        this.strategy = strategy;
        this.listeners = listeners;
        this.enabled = enabled;
    }

    /** Migrates; a failure comes back as a {@link MigrateStartupException} naming file and line. */
    MigrateResult migrate() {
        return run(strategy);
    }

    /**
     * Observe mode: migrates nothing, takes no lock, and logs once what the history says ({@link
     * ObservedHistory}); from then on the endpoint, health and meters report it as in every mode.
     */
    void observe() {
        if (!enabled.getAsBoolean()) {
            return;
        }
        state = State.OBSERVING;
        ObservedHistory.log(name, migrator);
    }

    /** Runs {@code operation} (e.g. an exit-mode command) the way {@link #migrate()} runs the strategy. */
    MigrateResult run(MigrateStrategy operation) {
        if (!enabled.getAsBoolean()) {
            log.info("migrate: migrate.enabled=false, not migrating");
            return new MigrateResult(List.of(), false, Duration.ZERO, Duration.ZERO);
        }
        state = State.RUNNING;
        runningSince = Instant.now();
        // at INFO the engine says which database and what is pending; a boot with nothing to do
        // logs its one line from there
        log.debug("migrate: checking for pending migrations");
        MigrateResult result;
        try {
            result = operation.migrate(migrator);
        } catch (RuntimeException e) {
            MigrateStartupException failure = new MigrateStartupException(e);
            lastFailure = failure.getMessage();
            state = State.FAILED;
            runningSince = null;
            log.error(failure.getMessage());
            listeners.orderedStream().forEach(l -> l.failed(this, e));
            throw failure;
        } catch (Error e) {
            // OutOfMemoryError and the like: the migration's transaction was rolled back; the run
            // failed and must say so (health DOWN), never stay "running"
            lastFailure = "migrate: " + Failures.describe(e);
            state = State.FAILED;
            runningSince = null;
            log.error(lastFailure);
            listeners.orderedStream().forEach(l -> l.failed(this, e));
            throw e;
        }
        lastFailure = null;
        state = State.SUCCEEDED;
        lastSuccess = Instant.now();
        runningSince = null;
        if (result.count() > 0 || result.lockTaken() || !result.lockWait().isZero()) {
            log.info(RunText.of(result));
        } else if (log.isDebugEnabled()) {
            log.debug(RunText.of(result));
        }
        listeners.orderedStream().forEach(l -> l.succeeded(this, result));
        return result;
    }

    /** The Migrator's name as shown: its builder's name, or the bean name of one named {@code default}. */
    String name() {
        return name;
    }

    Migrator migrator() {
        return migrator;
    }

    State state() {
        return state;
    }

    @Nullable
    String lastFailure() {
        return lastFailure;
    }

    /** When the run in progress started; null while none runs. */
    @Nullable
    Instant runningSince() {
        return runningSince;
    }

    /** When the last run that ended well ended (nothing to do counts); null before the first. */
    @Nullable
    Instant lastSuccess() {
        return lastSuccess;
    }
}
