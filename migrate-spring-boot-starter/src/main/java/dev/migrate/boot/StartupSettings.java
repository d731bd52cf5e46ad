package dev.migrate.boot;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.boot.MigrateProperties.Command;
import dev.migrate.boot.MigrateProperties.Mode;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Refuses, before anything migrates, the {@code migrate.*} settings the configured mode would
 * otherwise ignore, naming the property and what to set instead: no setting is silently dropped.
 */
final class StartupSettings {

    private StartupSettings() {}

    /**
     * @param strategy whether a {@link MigrateStrategy} bean replaces the start-up migration
     * @param qualifiedDataSource whether a {@link MigrateDataSource} bean is the database migrate uses
     */
    static void check(MigrateProperties properties, boolean strategy, boolean qualifiedDataSource) {
        Mode mode = properties.getMode();
        String modeName = mode.name().toLowerCase(Locale.ROOT);
        if (mode != Mode.EXIT && properties.getCommand() != Command.UP) {
            String command = properties.getCommand().name().toLowerCase(Locale.ROOT);
            throw new MigrationConfigurationException(
                    "command",
                    "migrate.command=" + command + " runs only with migrate.mode=exit (the process runs the command"
                            + " and ends with its exit code, as a Kubernetes Job or initContainer); with migrate.mode="
                            + modeName
                            + (mode == Mode.OBSERVE
                                    ? " the service migrates nothing"
                                    : " the service always migrates up")
                            + ". Set migrate.mode=exit to run " + command + ", or remove migrate.command");
        }
        @Nullable String exitOnly = mode == Mode.EXIT ? null : ExitCommand.exitModeOnly(properties);
        if (exitOnly != null) {
            throw new MigrationConfigurationException("mode", "migrate: " + exitOnly);
        }
        @Nullable String target = properties.getTarget();
        if (target != null && mode == Mode.OBSERVE) {
            throw new MigrationConfigurationException(
                    "target",
                    "migrate.target=" + target + " is set, but migrate.mode=observe migrates nothing (a migration Job"
                            + " or initContainer does, with migrate.mode=exit): set the target there, or remove"
                            + " migrate.target");
        }
        if (target != null && strategy && mode != Mode.EXIT) {
            throw new MigrationConfigurationException(
                    "target",
                    "migrate.target=" + target + " is set, but a MigrateStrategy bean replaces the start-up"
                            + " migration (migrate.mode=" + modeName + ") and would not see it: apply the target in"
                            + " the strategy (Migrator.upTo) or remove migrate.target");
        }
        if (qualifiedDataSource && properties.getUrl() != null) {
            throw ownConnectionBesideQualified("migrate.url");
        }
        if (qualifiedDataSource && properties.getUser() != null) {
            throw ownConnectionBesideQualified("migrate.user");
        }
        if (properties.getPassword() != null && properties.getUrl() == null && properties.getUser() == null) {
            throw new MigrationConfigurationException(
                    "dataSource",
                    "migrate.password is set without migrate.user or migrate.url, so migrate uses the"
                            + " application's DataSource and its password: set migrate.user (and migrate.url) for a"
                            + " connection of migrate's own, or remove migrate.password");
        }
    }

    private static MigrationConfigurationException ownConnectionBesideQualified(String property) {
        return new MigrationConfigurationException(
                "dataSource",
                property + " is set, but a @MigrateDataSource bean is the database migrate uses: remove " + property
                        + ", or the @MigrateDataSource bean");
    }
}
