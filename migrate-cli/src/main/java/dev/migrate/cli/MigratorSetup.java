package dev.migrate.cli;

import dev.migrate.DdlLintMode;
import dev.migrate.LockType;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.Migrator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

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
        // read every value first: a wrong one is named by its variable before the builder sees any
        String table = settings.text(Setting.TABLE);
        String schema = settings.text(Setting.SCHEMA);
        Boolean ignoreUnknown = settings.bool(Setting.IGNORE_UNKNOWN);
        Boolean validateChecksums = settings.bool(Setting.VALIDATE_CHECKSUMS);
        Boolean retryFailed = settings.bool(Setting.RETRY_FAILED);
        String applicationName = settings.text(Setting.APPLICATION_NAME);
        Integer connectRetries = settings.integer(Setting.CONNECT_RETRIES);
        Duration connectRetriesInterval = settings.duration(Setting.CONNECT_RETRIES_INTERVAL);
        String lockType = settings.choice(
                Setting.LOCK_TYPE, List.of("auto", "postgres-advisory", "mysql-named", "table-lease", "none"));
        Long lockKey = settings.longValue(Setting.LOCK_KEY);
        Duration lockTimeout = settings.duration(Setting.LOCK_TIMEOUT);
        Duration leaseTime = settings.duration(Setting.LOCK_LEASE_TIME);
        Duration connectionCheckInterval = settings.duration(Setting.LOCK_CONNECTION_CHECK_INTERVAL);
        Duration ddlLockTimeout = settings.duration(Setting.DDL_LOCK_TIMEOUT);
        Duration ddlRetryBudget = settings.duration(Setting.DDL_RETRY_BUDGET);
        String ddlLint = settings.choice(Setting.DDL_LINT, List.of("warn", "fail", "off"));
        // only what is set goes to the builder, so every default is the library's own; the builder
        // names a value it refuses by its method, which named() turns into the variable
        try {
            builder.locations(locations);
            if (table != null) {
                builder.table(table);
            }
            if (schema != null) {
                builder.schema(schema);
            }
            if (ignoreUnknown != null) {
                builder.ignoreUnknown(ignoreUnknown);
            }
            if (validateChecksums != null) {
                builder.validateChecksums(validateChecksums);
            }
            if (retryFailed != null) {
                builder.retryFailed(retryFailed);
            }
            if (applicationName != null) {
                builder.applicationName(applicationName);
            }
            if (connectRetries != null) {
                builder.connectRetries(connectRetries);
            }
            if (connectRetriesInterval != null) {
                builder.connectRetriesInterval(connectRetriesInterval);
            }
            if (lockType != null) {
                builder.lockType(LockType.fromValue(lockType));
            }
            if (lockKey != null) {
                builder.lockKey(lockKey);
            }
            if (lockTimeout != null) {
                builder.lockTimeout(lockTimeout);
            }
            if (leaseTime != null) {
                builder.leaseTime(leaseTime);
            }
            if (connectionCheckInterval != null) {
                builder.connectionCheckInterval(connectionCheckInterval);
            }
            if (ddlLockTimeout != null) {
                builder.ddlLockTimeout(ddlLockTimeout);
            }
            if (ddlRetryBudget != null) {
                builder.ddlRetryBudget(ddlRetryBudget);
            }
            if (ddlLint != null) {
                builder.ddlLint(DdlLintMode.valueOf(ddlLint.toUpperCase(Locale.ROOT)));
            }
            return builder.build();
        } catch (MigrationConfigurationException e) {
            throw named(e);
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
