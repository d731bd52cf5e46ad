package dev.migrate;

/**
 * The database failed outside any one migration: it could not be reached, or the history could not
 * be read or created. Carries the database's message and SQL state.
 */
public final class MigrationDatabaseException extends MigrateException {

    public MigrationDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
