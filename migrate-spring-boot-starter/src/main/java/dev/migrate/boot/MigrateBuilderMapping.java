package dev.migrate.boot;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSources;
import dev.migrate.Migrator;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Hands the {@code migrate.*} properties to a {@link Migrator.Builder}. The builder checks each
 * value; when it refuses one, the error is rethrown naming the property, since the builder's own
 * message names its method ({@code lockTimeout}) and Spring Boot would name only the bean.
 */
final class MigrateBuilderMapping {

    private MigrateBuilderMapping() {}

    static void apply(MigrateProperties properties, @Nullable ClassLoader classLoader, Migrator.Builder builder) {
        ClassLoader loader =
                classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        MigrateProperties.Lock lock = properties.getLock();
        // The builder reads locations at build(); reading them here as well names the property.
        property("migrate.locations", () -> MigrationSources.fromLocations(properties.getLocations(), loader));
        builder.locations(properties.getLocations()).classLoader(classLoader);
        property("migrate.table", () -> builder.table(properties.getTable()));
        property("migrate.schema", () -> builder.schema(properties.getSchema()));
        builder.ignoreUnknown(properties.isIgnoreUnknown())
                .validateChecksums(properties.isValidateChecksums())
                .retryFailed(properties.isRetryFailed())
                .lockType(lock.getType())
                .lockKey(lock.getKey());
        property("migrate.lock.timeout", () -> builder.lockTimeout(lock.getTimeout()));
        property("migrate.lock.lease-time", () -> builder.leaseTime(lock.getLeaseTime()));
        property(
                "migrate.lock.connection-check-interval",
                () -> builder.connectionCheckInterval(lock.getConnectionCheckInterval()));
        property("migrate.application-name", () -> builder.applicationName(properties.getApplicationName()));
        property("migrate.connect-retries", () -> builder.connectRetries(properties.getConnectRetries()));
        property(
                "migrate.connect-retries-interval",
                () -> builder.connectRetriesInterval(properties.getConnectRetriesInterval()));
    }

    /**
     * Hands the settings one {@code migrate.migrators.NAME} entry sets over those {@link #apply}
     * set from {@code migrate.*}: what the entry leaves out stays as {@code migrate.*} said.
     */
    static void apply(
            String name,
            MigrateProperties.Database entry,
            @Nullable ClassLoader classLoader,
            Migrator.Builder builder) {
        ClassLoader loader =
                classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
        String prefix = "migrate.migrators." + name + ".";
        List<String> locations = entry.getLocations();
        if (locations != null) {
            property(prefix + "locations", () -> MigrationSources.fromLocations(locations, loader));
            builder.locations(locations);
        }
        set(prefix + "table", entry.getTable(), builder::table);
        set(prefix + "schema", entry.getSchema(), builder::schema);
        set(prefix + "ignore-unknown", entry.getIgnoreUnknown(), builder::ignoreUnknown);
        set(prefix + "validate-checksums", entry.getValidateChecksums(), builder::validateChecksums);
        set(prefix + "retry-failed", entry.getRetryFailed(), builder::retryFailed);
        set(prefix + "application-name", entry.getApplicationName(), builder::applicationName);
        MigrateProperties.DatabaseLock lock = entry.getLock();
        set(prefix + "lock.type", lock.getType(), builder::lockType);
        set(prefix + "lock.key", lock.getKey(), builder::lockKey);
        set(prefix + "lock.timeout", lock.getTimeout(), builder::lockTimeout);
        set(prefix + "lock.lease-time", lock.getLeaseTime(), builder::leaseTime);
        set(
                prefix + "lock.connection-check-interval",
                lock.getConnectionCheckInterval(),
                builder::connectionCheckInterval);
        MigrateProperties.DatabaseDdl ddl = entry.getDdl();
        set(prefix + "ddl.lock-timeout", ddl.getLockTimeout(), builder::ddlLockTimeout);
        set(prefix + "ddl.retry-budget", ddl.getRetryBudget(), builder::ddlRetryBudget);
        set(prefix + "ddl.lint", ddl.getLint(), builder::ddlLint);
    }

    private static <T> void set(String name, @Nullable T value, Consumer<T> setter) {
        if (value != null) {
            property(name, () -> setter.accept(value));
        }
    }

    private static void property(String name, Runnable setting) {
        try {
            setting.run();
        } catch (MigrationConfigurationException e) {
            throw new MigrationConfigurationException(e.setting(), "invalid " + name + ": " + e.getMessage(), e);
        }
    }
}
