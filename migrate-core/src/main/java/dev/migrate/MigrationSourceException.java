package dev.migrate;

/** Migrations could not be found or read: a missing folder, an unreadable file, a duplicate id. */
public final class MigrationSourceException extends MigrateException {

    public MigrationSourceException(String message) {
        super(message);
    }

    public MigrationSourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
