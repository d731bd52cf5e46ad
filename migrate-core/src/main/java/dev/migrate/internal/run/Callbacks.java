package dev.migrate.internal.run;

import dev.migrate.Direction;
import dev.migrate.ExecutedMigration;
import dev.migrate.LockedRun;
import dev.migrate.MigrateCallback;
import dev.migrate.MigrateCallbackException;
import dev.migrate.MigrateException;
import dev.migrate.MigrateOperation;
import dev.migrate.MigrateResult;
import java.util.List;

/**
 * Calls the {@link MigrateCallback}s of a Migrator in order, turning what one throws into a
 * {@link MigrateCallbackException} that names it.
 */
final class Callbacks {

    private final List<MigrateCallback> callbacks;

    Callbacks(List<MigrateCallback> callbacks) {
        this.callbacks = List.copyOf(callbacks);
    }

    void beforeRun(MigrateOperation operation) {
        for (MigrateCallback callback : callbacks) {
            call(callback, "beforeRun", "", () -> callback.beforeRun(operation));
        }
    }

    void afterMigration(MigrateOperation operation, ExecutedMigration migration) {
        for (MigrateCallback callback : callbacks) {
            call(
                    callback,
                    "afterMigration",
                    " of " + migration.id() + " (which stays "
                            + (migration.direction() == Direction.UP ? "applied" : "undone") + ")",
                    () -> callback.afterMigration(operation, migration));
        }
    }

    void beforeMigrations(LockedRun run) {
        for (MigrateCallback callback : callbacks) {
            call(callback, "beforeMigrations", "", () -> callback.beforeMigrations(run));
        }
    }

    void afterMigrations(LockedRun run) {
        for (MigrateCallback callback : callbacks) {
            call(
                    callback,
                    "afterMigrations",
                    " (the run's " + run.executed().size() + " migration(s) stay recorded)",
                    () -> callback.afterMigrations(run));
        }
    }

    void afterRun(MigrateOperation operation, MigrateResult result) {
        for (MigrateCallback callback : callbacks) {
            call(callback, "afterRun", "", () -> callback.afterRun(operation, result));
        }
    }

    void onFailure(MigrateOperation operation, MigrateException failure) {
        for (MigrateCallback callback : callbacks) {
            try {
                callback.onFailure(operation, failure);
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static void call(MigrateCallback callback, String stage, String where, Runnable call) {
        try {
            call.run();
        } catch (MigrateCallbackException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new MigrateCallbackException(
                    "callback " + callback.getClass().getName() + " failed in " + stage + where + ": " + e.getMessage(),
                    e);
        }
    }
}
