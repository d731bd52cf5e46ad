package dev.migrate.cli;

import dev.migrate.DdlLintMode;
import dev.migrate.LockType;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Builds the Migrator from the settings. Only what is set is handed to the builder, so every
 * default is the library's own; a value the builder refuses is reported under the name it was
 * given by ({@code MIGRATE_TABLE}, {@code --lock.timeout}).
 */
final class MigratorSetup {

    /** Where migrations are read when {@code MIGRATE_LOCATIONS} is not set. */
    private static final String FILESYSTEM = "filesystem:";

    static final String DEFAULT_LOCATION = "filesystem:db/migrations";

    private final Settings settings;

    MigratorSetup(Settings settings) {
        this.settings = settings;
    }

    /** The locations, or the default. */
    List<String> locations() {
        List<String> locations = settings.list(Setting.LOCATIONS);
        if (locations != null && locations.isEmpty()) {
            throw settings.wrong(Setting.LOCATIONS, "is empty; give e.g. " + DEFAULT_LOCATION);
        }
        return locations != null ? locations : List.of(DEFAULT_LOCATION);
    }

    /** A {@code filesystem:} location that names no folder is refused here, naming the variable. */
    private void checkFolders(List<String> locations) {
        for (String location : locations) {
            if (location.startsWith(FILESYSTEM)) {
                Path folder = Path.of(location.substring(FILESYSTEM.length()));
                if (!Files.isDirectory(folder)) {
                    throw settings.wrong(
                            Setting.LOCATIONS,
                            "is invalid: " + location + " names no folder (" + folder.toAbsolutePath() + ")");
                }
            }
        }
    }

    Migrator build() {
        String url = settings.text(Setting.URL);
        if (url == null || url.isBlank()) {
            throw new SettingException("no database: set MIGRATE_URL (or SPRING_DATASOURCE_URL), e.g."
                    + " MIGRATE_URL=jdbc:postgresql://db:5432/app, or give --url");
        }
        if (!url.startsWith("jdbc:")) {
            throw settings.wrong(
                    settings.value(Setting.URL), "is not a JDBC URL; give e.g. jdbc:postgresql://db:5432/app");
        }
        Migrator.Builder builder = Migrator.builder(
                new DriverDataSource(url, settings.text(Setting.USER), settings.text(Setting.PASSWORD)));
        List<String> locations = locations();
        checkFolders(locations);
        apply(Setting.LOCATIONS, locations, builder::locations);
        apply(Setting.TABLE, settings.text(Setting.TABLE), builder::table);
        apply(Setting.SCHEMA, settings.text(Setting.SCHEMA), builder::schema);
        apply(Setting.IGNORE_UNKNOWN, settings.bool(Setting.IGNORE_UNKNOWN), builder::ignoreUnknown);
        apply(Setting.VALIDATE_CHECKSUMS, settings.bool(Setting.VALIDATE_CHECKSUMS), builder::validateChecksums);
        apply(Setting.RETRY_FAILED, settings.bool(Setting.RETRY_FAILED), builder::retryFailed);
        apply(Setting.APPLICATION_NAME, settings.text(Setting.APPLICATION_NAME), builder::applicationName);
        apply(Setting.CONNECT_RETRIES, settings.integer(Setting.CONNECT_RETRIES), builder::connectRetries);
        apply(
                Setting.CONNECT_RETRIES_INTERVAL,
                settings.duration(Setting.CONNECT_RETRIES_INTERVAL),
                builder::connectRetriesInterval);
        String lockType = settings.choice(
                Setting.LOCK_TYPE, List.of("auto", "postgres-advisory", "mysql-named", "table-lease", "none"));
        apply(Setting.LOCK_TYPE, lockType == null ? null : LockType.fromValue(lockType), builder::lockType);
        apply(Setting.LOCK_KEY, settings.longValue(Setting.LOCK_KEY), builder::lockKey);
        apply(Setting.LOCK_TIMEOUT, settings.duration(Setting.LOCK_TIMEOUT), builder::lockTimeout);
        apply(Setting.LOCK_LEASE_TIME, settings.duration(Setting.LOCK_LEASE_TIME), builder::leaseTime);
        apply(
                Setting.LOCK_CONNECTION_CHECK_INTERVAL,
                settings.duration(Setting.LOCK_CONNECTION_CHECK_INTERVAL),
                builder::connectionCheckInterval);
        apply(Setting.DDL_LOCK_TIMEOUT, settings.duration(Setting.DDL_LOCK_TIMEOUT), builder::ddlLockTimeout);
        apply(Setting.DDL_RETRY_BUDGET, settings.duration(Setting.DDL_RETRY_BUDGET), builder::ddlRetryBudget);
        String lint = settings.choice(Setting.DDL_LINT, List.of("warn", "fail", "off"));
        apply(
                Setting.DDL_LINT,
                lint == null ? null : DdlLintMode.valueOf(lint.toUpperCase(Locale.ROOT)),
                builder::ddlLint);
        try {
            return builder.build();
        } catch (MigrationConfigurationException e) {
            throw named(e);
        }
    }

    private <T> void apply(Setting setting, @Nullable T value, Consumer<T> setter) {
        if (value == null) {
            return;
        }
        try {
            setter.accept(value);
        } catch (MigrationConfigurationException e) {
            throw settings.wrong(setting, "is invalid: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw settings.wrong(setting, "is invalid: " + e.getMessage());
        }
    }

    /** A refusal of build() (locations are read there), under the name the user gave. */
    private SettingException named(MigrationConfigurationException e) {
        Setting setting = switch (e.setting()) {
            case "locations" -> Setting.LOCATIONS;
            case "table" -> Setting.TABLE;
            case "schema" -> Setting.SCHEMA;
            case "lockType" -> Setting.LOCK_TYPE;
            case "lockKey" -> Setting.LOCK_KEY;
            case "lockTimeout" -> Setting.LOCK_TIMEOUT;
            case "leaseTime" -> Setting.LOCK_LEASE_TIME;
            case "connectionCheckInterval" -> Setting.LOCK_CONNECTION_CHECK_INTERVAL;
            case "applicationName" -> Setting.APPLICATION_NAME;
            case "ddlLockTimeout" -> Setting.DDL_LOCK_TIMEOUT;
            case "ddlRetryBudget" -> Setting.DDL_RETRY_BUDGET;
            case "dataSource" -> Setting.URL;
            default -> null;
        };
        return setting == null
                ? new SettingException(String.valueOf(e.getMessage()))
                : settings.wrong(setting, "is invalid: " + e.getMessage());
    }
}
