package dev.migrate.boot;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.Migrator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The one table from a {@link Migrator.Builder} setting to the {@code migrate.*} property that sets
 * it. The core names its settings as the builder does (in its messages, and in {@link
 * MigrationConfigurationException#setting()}); wherever a Spring Boot user reads one, the starter
 * names the property through this table: the builder mapping, the failure analyzer and exit mode.
 */
final class PropertyNames {

    private static final String PREFIX = "migrate.";

    /** Setting → the property's name below {@code migrate.} (or below a {@code migrate.migrators.NAME.} entry). */
    private static final Map<String, String> BY_SETTING = Map.ofEntries(
            Map.entry("locations", "locations"),
            Map.entry("table", "table"),
            Map.entry("schema", "schema"),
            Map.entry("ignoreUnknown", "ignore-unknown"),
            Map.entry("validateChecksums", "validate-checksums"),
            Map.entry("retryFailed", "retry-failed"),
            Map.entry("applicationName", "application-name"),
            Map.entry("lockType", "lock.type"),
            Map.entry("lockKey", "lock.key"),
            Map.entry("lockTimeout", "lock.timeout"),
            Map.entry("leaseTime", "lock.lease-time"),
            Map.entry("connectionCheckInterval", "lock.connection-check-interval"),
            Map.entry("ddlLockTimeout", "ddl.lock-timeout"),
            Map.entry("ddlRetryBudget", "ddl.retry-budget"),
            Map.entry("ddlLint", "ddl.lint"),
            Map.entry("connectRetries", "connect-retries"),
            Map.entry("connectRetriesInterval", "connect-retries-interval"));

    private PropertyNames() {}

    /**
     * The property of a builder setting: {@code lockTimeout} → {@code migrate.lock.timeout}.
     *
     * @throws IllegalArgumentException for a setting no property sets
     */
    static String of(String setting) {
        return PREFIX + below(setting);
    }

    /** The property of a builder setting in the entry {@code migrate.migrators.NAME}. */
    static String inEntry(String name, String setting) {
        return entry(name) + below(setting);
    }

    /** The prefix of an entry's properties: {@code migrate.migrators.NAME.}. */
    static String entry(String name) {
        return PREFIX + "migrators." + name + ".";
    }

    /** The property of a builder setting, or null where no property sets it (e.g. {@code progressInterval}). */
    static @Nullable String find(String setting) {
        String below = BY_SETTING.get(setting);
        return below == null ? null : PREFIX + below;
    }

    private static String below(String setting) {
        String below = BY_SETTING.get(setting);
        if (below == null) {
            throw new IllegalArgumentException("no migrate.* property sets the builder's " + setting);
        }
        return below;
    }
}
