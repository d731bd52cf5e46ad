package dev.migrate.cli;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Every setting the command line reads, named as the starter's {@code migrate.*} property without
 * the prefix: given as an argument ({@code --lock.timeout=30s}) or as the environment variable
 * Spring Boot's relaxed binding reads for the property ({@code MIGRATE_LOCK_TIMEOUT=30s}), so one
 * environment serves the application image in exit mode and this jar alike.
 */
enum Setting {
    COMMAND("command"),
    LIMIT("limit"),
    TARGET("target"),
    DRY_RUN("dry-run"),
    OUTPUT("output"),
    NEW_NAME("new-name"),
    ENABLED("enabled"),
    URL("url", "SPRING_DATASOURCE_URL"),
    USER("user", "SPRING_DATASOURCE_USERNAME"),
    PASSWORD("password", "SPRING_DATASOURCE_PASSWORD"),
    LOCATIONS("locations"),
    TABLE("table"),
    SCHEMA("schema"),
    IGNORE_UNKNOWN("ignore-unknown"),
    VALIDATE_CHECKSUMS("validate-checksums"),
    RETRY_FAILED("retry-failed"),
    APPLICATION_NAME("application-name"),
    CONNECT_RETRIES("connect-retries"),
    CONNECT_RETRIES_INTERVAL("connect-retries-interval"),
    LOCK_TYPE("lock.type"),
    LOCK_KEY("lock.key"),
    LOCK_TIMEOUT("lock.timeout"),
    LOCK_LEASE_TIME("lock.lease-time"),
    LOCK_CONNECTION_CHECK_INTERVAL("lock.connection-check-interval"),
    DDL_LOCK_TIMEOUT("ddl.lock-timeout"),
    DDL_RETRY_BUDGET("ddl.retry-budget"),
    DDL_LINT("ddl.lint");

    private final String property;
    private final String variable;
    private final @Nullable String springVariable;

    Setting(String property) {
        this(property, null);
    }

    Setting(String property, @Nullable String springVariable) {
        this.property = property;
        this.variable =
                "MIGRATE_" + property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        this.springVariable = springVariable;
    }

    /** The name after {@code migrate.} and after {@code --}: {@code lock.timeout}. */
    String property() {
        return property;
    }

    /** The environment variable: {@code MIGRATE_LOCK_TIMEOUT}. */
    String variable() {
        return variable;
    }

    /**
     * The Spring Boot variable read when {@link #variable()} is not set ({@code
     * SPRING_DATASOURCE_URL} for {@code url}), as the starter falls back to the application's
     * DataSource; null for most.
     */
    @Nullable
    String springVariable() {
        return springVariable;
    }

    /** The setting named {@code name} as an argument ({@code lock.timeout} or {@code migrate.lock.timeout}), or null. */
    static @Nullable Setting byProperty(String name) {
        String bare = name.startsWith("migrate.") ? name.substring("migrate.".length()) : name;
        for (Setting setting : values()) {
            if (setting.property.equals(bare)) {
                return setting;
            }
        }
        return null;
    }

    /** The setting whose environment variable is {@code name}, or null. */
    static @Nullable Setting byVariable(String name) {
        for (Setting setting : values()) {
            if (setting.variable.equals(name)) {
                return setting;
            }
        }
        return null;
    }
}
