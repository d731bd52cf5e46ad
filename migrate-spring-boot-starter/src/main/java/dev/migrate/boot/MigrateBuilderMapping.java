package dev.migrate.boot;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSources;
import dev.migrate.Migrator;
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

    private static void property(String name, Runnable setting) {
        try {
            setting.run();
        } catch (MigrationConfigurationException e) {
            throw new MigrationConfigurationException(e.setting(), "invalid " + name + ": " + e.getMessage(), e);
        }
    }
}
