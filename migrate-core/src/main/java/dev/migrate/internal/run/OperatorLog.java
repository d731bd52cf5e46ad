package dev.migrate.internal.run;

import dev.migrate.internal.lock.MigrationLock;
import dev.migrate.internal.log.Log;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The lines an operator reads about a run (what migrated, how long, who held the lock), in one
 * place. They go to the facade's log ({@value #NAME}), which is what users configure, though they
 * are written by the engine.
 */
final class OperatorLog {

    /** The name of the operator's log. */
    static final String NAME = "dev.migrate.Migrator";

    private static final Log log = Log.named(NAME);

    private OperatorLog() {}

    /** An applied migration newer than every file found. */
    static void future(String id) {
        log.warn(id + " is applied but newer than every migration found: a newer release"
                + " applied it (a rolling deploy or a rollback?); leaving it as it is");
    }

    /** The one line of a boot with nothing to do; {@code database} is asked only when the line is logged. */
    static void upToDate(Supplier<DatabaseDescription> database, int migrations, String table, Duration total) {
        if (log.isInfoEnabled()) {
            log.info(database.get() + ": up to date, nothing pending (" + migrations + " migration"
                    + (migrations == 1 ? "" : "s") + ", history " + table + ", checked in " + total.toMillis()
                    + " ms)");
        }
    }

    /** What the run is about to do, before it takes the lock. */
    static void migrating(
            Supplier<DatabaseDescription> database, int steps, int migrations, Operation operation, String table) {
        if (log.isInfoEnabled()) {
            log.info("Migrating " + database.get() + ": " + steps + " of " + migrations + " migrations "
                    + operation.planned + " (history " + table + ")");
        }
    }

    /** The run waited for the lock, and the holder did the work meanwhile. */
    static void doneByTheHolder(Duration waited) {
        log.info("Nothing to do after waiting " + waited.toMillis()
                + " ms: the process holding the lock applied the migrations");
    }

    /** The run took the lock and found, on re-planning, that another process did the work. */
    static void doneByAnother(Duration waited) {
        log.info("Nothing to do after waiting " + waited.toMillis()
                + " ms for the lock: another process applied the migrations");
    }

    /** A pending migration older than the newest applied one. */
    static void outOfOrder(String id) {
        log.warn("Applying " + id
                + " out of order: it is older than the newest applied migration (a branch merged late?)");
    }

    /** One migration starts. */
    static void starting(Operation operation, String id, int n, int total) {
        if (log.isInfoEnabled()) {
            log.info(operation.gerund + " " + id + " (" + n + " of " + total + ")");
        }
    }

    /** One migration was recorded as applied without running it. */
    static void skipped(String id) {
        log.info("Skipped " + id + ": recorded as applied without running it");
    }

    /** The run's end. */
    static void done(Operation operation, int executed, Duration total, MigrationLock lock, Duration waited) {
        log.info(operation.verb + " " + executed + " migration" + (executed == 1 ? "" : "s") + " in "
                + total.toMillis() + " ms (lock " + lock.type() + " " + lock.key() + ", waited " + waited.toMillis()
                + " ms)");
    }
}
