package dev.migrate;

/** A setting is wrong (an identifier that is not safe in SQL, an unknown location, …); names it. */
public final class MigrationConfigurationException extends MigrateException {

    public MigrationConfigurationException(String message) {
        super(message);
    }

    public MigrationConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
