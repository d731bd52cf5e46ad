package dev.migrate;

/**
 * A {@link MigrateCallback} threw. The message names the callback's class, the stage and, for
 * {@code afterMigration}, the migration (which stays applied); the cause is what it threw.
 */
public final class MigrateCallbackException extends MigrateException {

    public MigrateCallbackException(String message, Throwable cause) {
        super(message, cause);
    }
}
