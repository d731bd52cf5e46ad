package dev.migrate;

/**
 * The root of every failure migrate reports. Subclasses say what went wrong and where: a file
 * and line, a setting, a database message, a lock holder.
 */
public abstract class MigrateException extends RuntimeException {

    protected MigrateException(String message) {
        super(message);
    }

    protected MigrateException(String message, Throwable cause) {
        super(message, cause);
    }
}
