package dev.migrate.boot;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSources;
import dev.migrate.Migrator;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Hands the {@code migrate.*} properties to a {@link Migrator.Builder}. The builder checks each
 * value; when it refuses one, the error is rethrown naming the property ({@link PropertyNames}),
 * since the builder's own message names its setting ({@code lockTimeout}) and Spring Boot would
 * name only the bean.
 */
final class MigrateBuilderMapping {

    private MigrateBuilderMapping() {}

    static void apply(MigrateProperties properties, @Nullable ClassLoader classLoader, Migrator.Builder builder) {
        Settings to = new Settings(null);
        // The builder reads locations at build(); reading them here as well names the property.
        to.set(properties.getLocations(), locations -> MigrationSources.fromLocations(locations, loader(classLoader)));
        builder.locations(properties.getLocations()).classLoader(classLoader);
        to.set(properties.getTable(), builder::table);
        to.set(properties.getSchema(), builder::schema);
        to.set(properties.isIgnoreUnknown(), builder::ignoreUnknown);
        to.set(properties.isValidateChecksums(), builder::validateChecksums);
        to.set(properties.isRetryFailed(), builder::retryFailed);
        to.set(properties.getApplicationName(), builder::applicationName);
        MigrateProperties.Lock lock = properties.getLock();
        to.set(lock.getType(), builder::lockType);
        to.set(lock.getKey(), builder::lockKey);
        to.set(lock.getTimeout(), builder::lockTimeout);
        to.set(lock.getLeaseTime(), builder::leaseTime);
        to.set(lock.getConnectionCheckInterval(), builder::connectionCheckInterval);
        MigrateProperties.Ddl ddl = properties.getDdl();
        to.set(ddl.getLockTimeout(), builder::ddlLockTimeout);
        to.set(ddl.getRetryBudget(), builder::ddlRetryBudget);
        to.set(ddl.getLint(), builder::ddlLint);
        to.set(properties.getConnectRetries(), builder::connectRetries);
        to.set(properties.getConnectRetriesInterval(), builder::connectRetriesInterval);
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
        Settings to = new Settings(name);
        List<String> locations = entry.getLocations();
        if (locations != null) {
            to.set(locations, l -> MigrationSources.fromLocations(l, loader(classLoader)));
            builder.locations(locations);
        }
        to.set(entry.getTable(), builder::table);
        to.set(entry.getSchema(), builder::schema);
        to.set(entry.getIgnoreUnknown(), builder::ignoreUnknown);
        to.set(entry.getValidateChecksums(), builder::validateChecksums);
        to.set(entry.getRetryFailed(), builder::retryFailed);
        to.set(entry.getApplicationName(), builder::applicationName);
        MigrateProperties.DatabaseLock lock = entry.getLock();
        to.set(lock.getType(), builder::lockType);
        to.set(lock.getKey(), builder::lockKey);
        to.set(lock.getTimeout(), builder::lockTimeout);
        to.set(lock.getLeaseTime(), builder::leaseTime);
        to.set(lock.getConnectionCheckInterval(), builder::connectionCheckInterval);
        MigrateProperties.DatabaseDdl ddl = entry.getDdl();
        to.set(ddl.getLockTimeout(), builder::ddlLockTimeout);
        to.set(ddl.getRetryBudget(), builder::ddlRetryBudget);
        to.set(ddl.getLint(), builder::ddlLint);
    }

    private static ClassLoader loader(@Nullable ClassLoader classLoader) {
        return classLoader != null ? classLoader : Thread.currentThread().getContextClassLoader();
    }

    /** Sets values on the builder, naming the property ({@code migrate.*}, or the entry's) of a value it refuses. */
    private record Settings(@Nullable String entry) {

        /** Hands a value that is set (not null) to the builder. */
        <T> void set(@Nullable T value, Consumer<T> setter) {
            if (value == null) {
                return;
            }
            try {
                setter.accept(value);
            } catch (MigrationConfigurationException e) {
                String setting = e.setting();
                if (PropertyNames.find(setting) == null) {
                    throw e;
                }
                String property = entry == null ? PropertyNames.of(setting) : PropertyNames.inEntry(entry, setting);
                throw new MigrationConfigurationException(setting, "invalid " + property + ": " + e.getMessage(), e);
            }
        }
    }
}
