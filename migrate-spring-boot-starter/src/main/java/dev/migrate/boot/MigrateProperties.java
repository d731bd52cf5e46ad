package dev.migrate.boot;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.dialect.TableName;
import dev.migrate.lock.LockType;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code migrate.*} settings. A value that cannot be used fails start-up with a message naming
 * the property.
 */
@ConfigurationProperties("migrate")
public class MigrateProperties {

    /** Whether to migrate at start-up; MIGRATE_ENABLED=false switches migrate off entirely. */
    private boolean enabled = true;

    /**
     * Where migrations live: classpath:path (also inside jars) or filesystem:path, comma-separated.
     */
    private List<String> locations = new ArrayList<>(Arrays.asList("classpath:db/migrations"));

    /**
     * The history table, as sql-migrate names it. At most 55 characters: migrate keeps
     * {@code <table>_migrate} and {@code <table>_lock} beside it, within the databases' 63-character
     * limit on names.
     */
    private String table = "gorp_migrations";

    /**
     * The history table's schema (created only if missing, so a role that owns it needs no CREATE on
     * the database); default the schema where the table already is on the search path, else the
     * connection's current schema, resolved once per run.
     */
    private @Nullable String schema;

    /** Accept applied migrations that are no longer in the locations instead of failing. */
    private boolean ignoreUnknown;

    /** Fail when an applied migration file was edited; false logs a warning instead. */
    private boolean validateChecksums = true;

    /** Retry migrations marked failed (partly committed) without a repair; off so a person looks first. */
    private boolean retryFailed;

    /**
     * When to migrate: runner (after the context starts, before readiness), initializer (before
     * JdbcTemplate and JPA beans), or exit (migrate, then end the process with an exit code).
     */
    private Mode mode = Mode.RUNNER;

    /** JDBC URL of a dedicated migration connection; default the application's DataSource URL. */
    private @Nullable String url;

    /** User of a dedicated migration connection; setting it opens a connection of its own. */
    private @Nullable String user;

    /** Password of the dedicated migration connection. Never logged or shown. */
    private @Nullable String password;

    /** The application_name of the migration connection, shown to whoever waits for the lock. */
    private String applicationName = "migrate";

    /** The migration lock. */
    private final Lock lock = new Lock();

    /** When migrations run at start-up. */
    public enum Mode {
        /** An ApplicationRunner: after the web server starts (live), before the app is ready. */
        RUNNER,
        /** During context start, before beans that use the database (JdbcTemplate, JPA). */
        INITIALIZER,
        /** Migrate, then end the process: exit code 0 on success, 1 on failure; no web server. */
        EXIT
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public List<String> getLocations() {
        return locations;
    }

    public void setLocations(List<String> locations) {
        if (locations.isEmpty()) {
            throw invalid("migrate.locations", "give at least one location, e.g. classpath:db/migrations");
        }
        for (String location : locations) {
            String trimmed = location.trim();
            int colon = trimmed.indexOf(':');
            String prefix = colon < 0 ? "" : trimmed.substring(0, colon + 1).toLowerCase(Locale.ROOT);
            if (trimmed.isEmpty()
                    || (colon >= 0 && !prefix.equals("classpath:") && !prefix.equals("filesystem:"))
                    || trimmed.length() == prefix.length()) {
                throw invalid(
                        "migrate.locations",
                        "'" + location + "' is no location: use classpath:path or filesystem:path");
            }
        }
        this.locations = new ArrayList<>(locations.stream().map(String::trim).toList());
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        try {
            this.table = TableName.validateHistoryTable("migrate.table", table.trim());
        } catch (MigrationConfigurationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public @Nullable String getSchema() {
        return schema;
    }

    public void setSchema(@Nullable String schema) {
        this.schema = schema == null || schema.isBlank() ? null : identifier("migrate.schema", schema);
    }

    public boolean isIgnoreUnknown() {
        return ignoreUnknown;
    }

    public void setIgnoreUnknown(boolean ignoreUnknown) {
        this.ignoreUnknown = ignoreUnknown;
    }

    public boolean isValidateChecksums() {
        return validateChecksums;
    }

    public void setValidateChecksums(boolean validateChecksums) {
        this.validateChecksums = validateChecksums;
    }

    public boolean isRetryFailed() {
        return retryFailed;
    }

    public void setRetryFailed(boolean retryFailed) {
        this.retryFailed = retryFailed;
    }

    public Mode getMode() {
        return mode;
    }

    public void setMode(Mode mode) {
        this.mode = mode;
    }

    public @Nullable String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
        if (url != null && !url.isBlank() && !url.startsWith("jdbc:")) {
            throw invalid("migrate.url", "a JDBC URL starts with jdbc:");
        }
        this.url = url == null || url.isBlank() ? null : url;
    }

    public @Nullable String getUser() {
        return user;
    }

    public void setUser(@Nullable String user) {
        this.user = user == null || user.isBlank() ? null : user;
    }

    public @Nullable String getPassword() {
        return password;
    }

    public void setPassword(@Nullable String password) {
        this.password = password;
    }

    public String getApplicationName() {
        return applicationName;
    }

    public void setApplicationName(String applicationName) {
        if (applicationName.isBlank() || applicationName.length() > 63) {
            throw invalid("migrate.application-name", "use 1 to 63 characters");
        }
        this.applicationName = applicationName;
    }

    public Lock getLock() {
        return lock;
    }

    private static String identifier(String property, String value) {
        try {
            return TableName.validate(property, value.trim());
        } catch (MigrationConfigurationException e) {
            // the engine's message already names the property: "invalid migrate.table name '…': …"
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** A message that names the property: Spring Boot names only the bean when a setter throws. */
    static IllegalArgumentException invalid(String property, String problem) {
        return new IllegalArgumentException("invalid " + property + ": " + problem);
    }

    /** The {@code migrate.lock.*} settings. */
    public static class Lock {

        /**
         * The lock kind: auto (from the database), postgres-advisory, mysql-named, table-lease, or
         * none (only when one place migrates: a Helm hook Job, an initContainer).
         */
        private LockType type = LockType.AUTO;

        /**
         * The PostgreSQL advisory lock key (64-bit); default derived from database, schema and
         * table. Set it to share a lock with a Go service.
         */
        private @Nullable Long key;

        /** How long to wait for a lock another replica holds before start-up fails. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration timeout = Duration.ofMinutes(10);

        /** For table-lease: how long a lease lasts without a heartbeat. */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration leaseTime = Duration.ofSeconds(30);

        /**
         * For PostgreSQL: how soon the server notices this process died (its
         * client_connection_check_interval and TCP keepalives); 0 leaves the server's settings.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration connectionCheckInterval = Duration.ofSeconds(2);

        public LockType getType() {
            return type;
        }

        public void setType(LockType type) {
            this.type = type;
        }

        public @Nullable Long getKey() {
            return key;
        }

        public void setKey(@Nullable Long key) {
            this.key = key;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = positive("migrate.lock.timeout", timeout);
        }

        public Duration getLeaseTime() {
            return leaseTime;
        }

        public void setLeaseTime(Duration leaseTime) {
            this.leaseTime = positive("migrate.lock.lease-time", leaseTime);
        }

        public Duration getConnectionCheckInterval() {
            return connectionCheckInterval;
        }

        public void setConnectionCheckInterval(Duration connectionCheckInterval) {
            if (connectionCheckInterval.isNegative()) {
                throw invalid(
                        "migrate.lock.connection-check-interval",
                        "must not be negative, was " + connectionCheckInterval);
            }
            this.connectionCheckInterval = connectionCheckInterval;
        }

        private static Duration positive(String property, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw invalid(property, "must be positive, was " + value);
            }
            return value;
        }
    }
}
