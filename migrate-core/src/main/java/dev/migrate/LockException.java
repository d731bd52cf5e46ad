package dev.migrate;

/**
 * The migration lock could not be taken in time, was lost while migrating, or could not be
 * released. The message names the holder when it is known.
 */
public final class LockException extends MigrateException {

    public LockException(String message) {
        super(message);
    }

    public LockException(String message, Throwable cause) {
        super(message, cause);
    }
}
