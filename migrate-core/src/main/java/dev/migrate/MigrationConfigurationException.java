package dev.migrate;

/**
 * A setting is wrong (an identifier that is not safe in SQL, an unknown location, …).
 * {@link #setting()} names it as {@link Migrator.Builder} does; the message says what is wrong with
 * it for a person, so read the accessor, not the message.
 */
public final class MigrationConfigurationException extends MigrateException {

    private final String setting;

    /**
     * @param setting the setting, as the builder's method names it ({@code locations}, {@code
     *     lockType}, …)
     * @param message the whole message
     */
    public MigrationConfigurationException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /**
     * @param setting the setting, as the builder's method names it
     * @param message the whole message
     * @param cause what made it wrong
     */
    public MigrationConfigurationException(String setting, String message, Throwable cause) {
        super(message, cause);
        this.setting = setting;
    }

    /**
     * The wrong setting, named as the {@link Migrator.Builder} method that sets it: {@code
     * locations}, {@code table}, {@code schema}, {@code lockType}, {@code lockKey}, {@code
     * lockTimeout}, {@code leaseTime}, {@code connectionCheckInterval}, {@code progressInterval},
     * {@code applicationName}, {@code ddlLockTimeout}, {@code ddlRetryBudget}, {@code dataSource} (a database migrate does not support); or the argument of the call that
     * was wrong ({@code limit}, {@code count}, {@code name}).
     */
    public String setting() {
        return setting;
    }
}
