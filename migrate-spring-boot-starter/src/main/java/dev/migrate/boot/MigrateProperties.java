package dev.migrate.boot;

import dev.migrate.DdlLintMode;
import dev.migrate.LockType;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

/**
 * The {@code migrate.*} settings: a plain bean. Its defaults are the core's ({@code
 * Migrator.DEFAULT_*}, {@code LockSettings.DEFAULT_*}) written as literals, because the
 * configuration processor reads a default only from a literal; {@code MigratePropertiesTests}
 * keeps them equal to the builder's. The core's builder checks the values; a value it refuses
 * fails start-up with a message naming the property (see {@code MigrateBuilderMapping}).
 */
@ConfigurationProperties("migrate")
public class MigrateProperties {

    /**
     * Whether to migrate at start-up. False (environment MIGRATE_ENABLED=false) switches migrate off
     * entirely: no Migrator, no runner, no endpoint.
     */
    private boolean enabled = true;

    /**
     * Comma-separated list of locations of migrations: classpath:path (also inside jars) or
     * filesystem:path. Sub-folders are not searched.
     */
    private List<String> locations = new ArrayList<>(Arrays.asList("classpath:db/migrations"));

    /**
     * Name of the history table, as sql-migrate names it. At most 55 characters: migrate keeps
     * {@code <table>_migrate} and {@code <table>_lock} beside it, within the databases' 63-character
     * limit on names.
     */
    private String table = "gorp_migrations";

    /**
     * Schema of the history table, created only if missing (so a role that owns it needs no CREATE
     * on the database). When not set, the schema where the table already is on the search path,
     * else the connection's current schema, resolved once per run.
     */
    private @Nullable String schema;

    /** Whether to accept applied migrations that are no longer in the locations instead of failing. */
    private boolean ignoreUnknown;

    /** Whether to fail when the file of an applied migration was edited, rather than log a warning. */
    private boolean validateChecksums = true;

    /**
     * Whether to retry migrations marked failed (partly committed) without a repair, rather than
     * wait for a person to look at what they left behind.
     */
    private boolean retryFailed;

    /**
     * When to migrate: runner (right after the web server starts, before readiness and before the
     * service's listeners and scheduled tasks; while the context starts when a bean such as JPA
     * uses the schema at start-up), initializer (before JdbcTemplate and JPA beans), exit (run
     * migrate.command, then end the process with an exit code), or observe (migrate nothing; report
     * the history through the endpoint, health and meters, for services beside a migration Job).
     */
    private Mode mode = Mode.RUNNER;

    /**
     * What exit mode does before the process ends: up, down, redo, status, validate, repair, skip,
     * plan (what up would run, changing nothing) or new (write a new migration file).
     */
    private Command command = Command.UP;

    /**
     * Most migrations the exit-mode command takes, as sql-migrate's -limit: up and skip apply at
     * most this many, down undoes this many; 0 means all. When not set, up and skip take every
     * pending migration and down undoes one.
     */
    private @Nullable Integer limit;

    /**
     * Whether exit mode's up, down and redo only print what they would run (the statements, and
     * whether in a transaction) instead of running it, as sql-migrate's -dryrun.
     */
    private boolean dryRun;

    /**
     * Format of what exit mode's status, validate and plan print to stdout: text (a table for
     * people) or json (for scripts; every log line then goes to stderr).
     */
    private Output output = Output.TEXT;

    /**
     * Name of the migration file exit mode's new command writes, as in sql-migrate new NAME: the
     * file is yyyyMMddHHmmss-NAME.sql in the first filesystem: location. When not set, new fails
     * asking for it.
     */
    private @Nullable String newName;

    /**
     * Whether exit mode runs its command before the application context exists: as soon as the
     * configuration and logging are ready, with a connection of its own from migrate.url or
     * spring.datasource.url (user and password likewise), then ends the process. No bean of the
     * application is created: not its DataSource, nor MigratorCustomizer, MigrateCallback or
     * MigrateDataSource beans. For a migration Job or initContainer whose application needs none of
     * them; it skips the context's start, most of an exit-mode run.
     */
    private boolean exitBeforeContext;

    /**
     * Migration id (file name) the exit-mode command stops at: up and skip include it, down
     * leaves it applied. When not set, up and skip take every pending migration and down undoes
     * the newest applied one.
     */
    private @Nullable String target;

    /**
     * JDBC URL of a connection just for migrating. When not set (and no user is set either), the
     * application's DataSource is used.
     */
    private @Nullable String url;

    /**
     * Login user of a connection just for migrating, e.g. a schema owner the application is not.
     * Setting it makes migrate open a connection of its own. When not set, spring.datasource.username.
     */
    private @Nullable String user;

    /**
     * Login password of the connection just for migrating; never logged or shown. When not set,
     * spring.datasource.password if url is set without a user, else none.
     */
    private @Nullable String password;

    /** Value of application_name for the migration connection, shown to whoever waits for the lock. */
    private String applicationName = "migrate";

    /**
     * How many times to try connecting again while the database cannot be reached (a Compose
     * service still starting, a sidecar proxy, a cold cloud instance), as Flyway's connectRetries:
     * waits 1 second, then twice as long each time, at most connect-retries-interval. Each failed
     * try is logged with its cause; a refused login is not retried. 0 tries once.
     */
    private int connectRetries = 0;

    /**
     * Longest wait between two tries to connect. If a duration suffix is not specified, seconds are
     * used.
     */
    @DurationUnit(ChronoUnit.SECONDS)
    private Duration connectRetriesInterval = Duration.ofSeconds(120);

    /** Migration lock. */
    private final Lock lock = new Lock();

    /** DDL under live traffic: short lock waits with retries, and the lint of dangerous DDL. */
    private final Ddl ddl = new Ddl();

    /**
     * Several databases, one Migrator each, by name: migrate.migrators.NAME.data-source (a
     * DataSource bean's name) or .url, .user and .password, and any of the settings above
     * (locations, table, schema, lock.*, ddl.*, ...). What an entry leaves out is taken from
     * migrate.*. When not set, one Migrator named default migrates with the migrate.* settings.
     */
    private Map<String, Database> migrators = new LinkedHashMap<>();

    /** When migrations run at start-up. */
    public enum Mode {
        /**
         * Right after the web server starts (live, not yet ready), before the service's listeners
         * (RabbitMQ, Kafka, JMS), schedulers and {@code @Scheduled} tasks start; while the context
         * starts instead when a bean uses the schema at start-up (JPA, a {@code
         * @DependsOnDatabaseInitialization} bean, jOOQ) or a lifecycle bean of the application
         * starts before the web server, decided and logged once.
         */
        RUNNER,
        /** During context start, before beans that use the database (JdbcTemplate, JPA). */
        INITIALIZER,
        /** Run {@code migrate.command}, then end the process with its exit code; no web server. */
        EXIT,
        /**
         * Migrate nothing and take no lock: the service reports the history that a migration Job or
         * an initContainer (mode {@code exit}) writes, through the endpoint, the health indicator
         * and the meters, so that pending, failed or future migrations reach the operator's alerts;
         * the state is logged once while the context starts, as a warning when migrations are
         * pending, failed or interrupted. Unlike {@code migrate.enabled=false}, which switches
         * everything off.
         */
        OBSERVE
    }

    /** What {@code migrate.mode=exit} does. */
    public enum Command {
        /** Apply pending migrations (up to {@code migrate.target}). */
        UP,
        /** Undo the newest applied migration (or those newer than {@code migrate.target}). */
        DOWN,
        /** Undo the newest applied migration and apply it again. */
        REDO,
        /** Print a table of applied, pending, failed and unknown migrations and the lock. */
        STATUS,
        /** Check edited files, unknown ids and failed migrations; exit code 2 when any is found. */
        VALIDATE,
        /** Clear failed migrations and accept the current checksums of edited files. */
        REPAIR,
        /** Record pending migrations (up to {@code migrate.target}) as applied without running them. */
        SKIP,
        /** Print what up would run (statements, transaction), changing nothing; sql-migrate's up -dryrun. */
        PLAN,
        /** Write a new migration file {@code yyyyMMddHHmmss-NAME.sql} ({@code migrate.new-name}), as sql-migrate new. */
        NEW
    }

    /** How exit mode prints what status, validate and plan find. */
    public enum Output {
        /** Tables and lines for people. */
        TEXT,
        /** One JSON document on stdout, logs on stderr (see docs/exit-mode-json.md). */
        JSON
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
        this.locations = new ArrayList<>(locations.stream().map(String::trim).toList());
    }

    public String getTable() {
        return table;
    }

    public void setTable(String table) {
        this.table = table.trim();
    }

    public @Nullable String getSchema() {
        return schema;
    }

    public void setSchema(@Nullable String schema) {
        this.schema = schema == null || schema.isBlank() ? null : schema.trim();
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

    public Command getCommand() {
        return command;
    }

    public void setCommand(Command command) {
        this.command = command;
    }

    public @Nullable Integer getLimit() {
        return limit;
    }

    public void setLimit(@Nullable Integer limit) {
        this.limit = limit;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public Output getOutput() {
        return output;
    }

    public void setOutput(Output output) {
        this.output = output;
    }

    public boolean isExitBeforeContext() {
        return exitBeforeContext;
    }

    public void setExitBeforeContext(boolean exitBeforeContext) {
        this.exitBeforeContext = exitBeforeContext;
    }

    public @Nullable String getNewName() {
        return newName;
    }

    public void setNewName(@Nullable String newName) {
        this.newName = newName == null || newName.isBlank() ? null : newName.trim();
    }

    public @Nullable String getTarget() {
        return target;
    }

    public void setTarget(@Nullable String target) {
        this.target = target == null || target.isBlank() ? null : target.trim();
    }

    public @Nullable String getUrl() {
        return url;
    }

    public void setUrl(@Nullable String url) {
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
        this.applicationName = applicationName;
    }

    public int getConnectRetries() {
        return connectRetries;
    }

    public void setConnectRetries(int connectRetries) {
        this.connectRetries = connectRetries;
    }

    public Duration getConnectRetriesInterval() {
        return connectRetriesInterval;
    }

    public void setConnectRetriesInterval(Duration connectRetriesInterval) {
        this.connectRetriesInterval = connectRetriesInterval;
    }

    public Lock getLock() {
        return lock;
    }

    public Ddl getDdl() {
        return ddl;
    }

    public Map<String, Database> getMigrators() {
        return migrators;
    }

    public void setMigrators(Map<String, Database> migrators) {
        this.migrators = new LinkedHashMap<>(migrators);
    }

    /** The {@code migrate.lock.*} settings. */
    public static class Lock {

        /**
         * Kind of lock: auto (chosen from the database), postgres-advisory, mysql-named, table-lease,
         * or none (only when one place migrates: a Helm hook Job, an initContainer).
         */
        private LockType type = LockType.AUTO;

        /**
         * PostgreSQL advisory lock key (64-bit), e.g. the key a Go service already locks. When not
         * set, derived from database, schema and history table.
         */
        private @Nullable Long key;

        /**
         * Maximum time to wait for a lock another replica holds before start-up fails. If a duration
         * suffix is not specified, seconds are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration timeout = Duration.ofMinutes(10);

        /**
         * Time a table-lease lock lasts without a heartbeat; a dead holder is replaced after it. If a
         * duration suffix is not specified, seconds are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration leaseTime = Duration.ofSeconds(30);

        /**
         * Interval at which PostgreSQL checks that the migrating process is still there (the
         * session's client_connection_check_interval and TCP keepalives); 0 leaves the server's
         * settings. If a duration suffix is not specified, seconds are used.
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
            this.timeout = timeout;
        }

        public Duration getLeaseTime() {
            return leaseTime;
        }

        public void setLeaseTime(Duration leaseTime) {
            this.leaseTime = leaseTime;
        }

        public Duration getConnectionCheckInterval() {
            return connectionCheckInterval;
        }

        public void setConnectionCheckInterval(Duration connectionCheckInterval) {
            this.connectionCheckInterval = connectionCheckInterval;
        }
    }

    /** The {@code migrate.ddl.*} settings: migrating while the old replicas serve traffic. */
    public static class Ddl {

        /**
         * How long one migration statement waits for a table lock (PostgreSQL lock_timeout,
         * MySQL/MariaDB lock_wait_timeout in whole seconds) before it gives up and is retried, so
         * that queries queued behind it stall about this long at most; 0 switches the guard off. If
         * a duration suffix is not specified, seconds are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration lockTimeout = Duration.ofSeconds(1);

        /**
         * How long one migration keeps retrying before start-up fails naming the blocking sessions.
         * If a duration suffix is not specified, seconds are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private Duration retryBudget = Duration.ofMinutes(5);

        /**
         * What to do with dangerous DDL in pending PostgreSQL migrations (create index without
         * concurrently, constraints without not valid, rewrites, ...): warn, fail or off.
         */
        private DdlLintMode lint = DdlLintMode.WARN;

        public Duration getLockTimeout() {
            return lockTimeout;
        }

        public void setLockTimeout(Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        public Duration getRetryBudget() {
            return retryBudget;
        }

        public void setRetryBudget(Duration retryBudget) {
            this.retryBudget = retryBudget;
        }

        public DdlLintMode getLint() {
            return lint;
        }

        public void setLint(DdlLintMode lint) {
            this.lint = lint;
        }
    }

    /**
     * One entry of {@code migrate.migrators}: a database of its own. Every setting left out (null)
     * is taken from {@code migrate.*}; the connection (data-source, or url with user and password)
     * too, as a whole.
     */
    public static class Database {

        /** Name of the DataSource bean to migrate. When not set, url (or the migrate.* connection). */
        private @Nullable String dataSource;

        /** JDBC URL of a connection of this Migrator's own. When not set, data-source (or the migrate.* connection). */
        private @Nullable String url;

        /** Login user of the connection given by url. When not set, none (e.g. when the URL holds it). */
        private @Nullable String user;

        /** Login password of the connection given by url; never logged or shown. When not set, none. */
        private @Nullable String password;

        /** Comma-separated list of locations of this database's migrations. When not set, migrate.locations. */
        private @Nullable List<String> locations;

        /** Name of the history table. When not set, migrate.table. */
        private @Nullable String table;

        /** Schema of the history table. When not set, migrate.schema. */
        private @Nullable String schema;

        /** Whether to accept applied migrations no longer in the locations. When not set, migrate.ignore-unknown. */
        private @Nullable Boolean ignoreUnknown;

        /** Whether to fail when an applied file was edited. When not set, migrate.validate-checksums. */
        private @Nullable Boolean validateChecksums;

        /** Whether to retry migrations marked failed without a repair. When not set, migrate.retry-failed. */
        private @Nullable Boolean retryFailed;

        /** Value of application_name for this Migrator's connection. When not set, migrate.application-name. */
        private @Nullable String applicationName;

        /** Migration lock of this database. */
        private final DatabaseLock lock = new DatabaseLock();

        /** DDL under live traffic on this database. */
        private final DatabaseDdl ddl = new DatabaseDdl();

        public @Nullable String getDataSource() {
            return dataSource;
        }

        public void setDataSource(@Nullable String dataSource) {
            this.dataSource = dataSource == null || dataSource.isBlank() ? null : dataSource.trim();
        }

        public @Nullable String getUrl() {
            return url;
        }

        public void setUrl(@Nullable String url) {
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

        public @Nullable List<String> getLocations() {
            return locations;
        }

        public void setLocations(@Nullable List<String> locations) {
            this.locations = locations == null
                    ? null
                    : new ArrayList<>(locations.stream().map(String::trim).toList());
        }

        public @Nullable String getTable() {
            return table;
        }

        public void setTable(@Nullable String table) {
            this.table = table == null ? null : table.trim();
        }

        public @Nullable String getSchema() {
            return schema;
        }

        public void setSchema(@Nullable String schema) {
            this.schema = schema == null || schema.isBlank() ? null : schema.trim();
        }

        public @Nullable Boolean getIgnoreUnknown() {
            return ignoreUnknown;
        }

        public void setIgnoreUnknown(@Nullable Boolean ignoreUnknown) {
            this.ignoreUnknown = ignoreUnknown;
        }

        public @Nullable Boolean getValidateChecksums() {
            return validateChecksums;
        }

        public void setValidateChecksums(@Nullable Boolean validateChecksums) {
            this.validateChecksums = validateChecksums;
        }

        public @Nullable Boolean getRetryFailed() {
            return retryFailed;
        }

        public void setRetryFailed(@Nullable Boolean retryFailed) {
            this.retryFailed = retryFailed;
        }

        public @Nullable String getApplicationName() {
            return applicationName;
        }

        public void setApplicationName(@Nullable String applicationName) {
            this.applicationName = applicationName;
        }

        public DatabaseLock getLock() {
            return lock;
        }

        public DatabaseDdl getDdl() {
            return ddl;
        }
    }

    /** The {@code migrate.migrators.NAME.lock.*} settings; each left out is taken from {@code migrate.lock.*}. */
    public static class DatabaseLock {

        /** Kind of lock. When not set, migrate.lock.type. */
        private @Nullable LockType type;

        /** PostgreSQL advisory lock key. When not set, migrate.lock.key (or derived). */
        private @Nullable Long key;

        /**
         * Maximum time to wait for the lock. When not set, migrate.lock.timeout. If a duration suffix
         * is not specified, seconds are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private @Nullable Duration timeout;

        /**
         * Time a table-lease lock lasts without a heartbeat. When not set, migrate.lock.lease-time. If
         * a duration suffix is not specified, seconds are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private @Nullable Duration leaseTime;

        /**
         * Interval at which PostgreSQL checks that the migrating process is still there. When not
         * set, migrate.lock.connection-check-interval. If a duration suffix is not specified, seconds
         * are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private @Nullable Duration connectionCheckInterval;

        public @Nullable LockType getType() {
            return type;
        }

        public void setType(@Nullable LockType type) {
            this.type = type;
        }

        public @Nullable Long getKey() {
            return key;
        }

        public void setKey(@Nullable Long key) {
            this.key = key;
        }

        public @Nullable Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(@Nullable Duration timeout) {
            this.timeout = timeout;
        }

        public @Nullable Duration getLeaseTime() {
            return leaseTime;
        }

        public void setLeaseTime(@Nullable Duration leaseTime) {
            this.leaseTime = leaseTime;
        }

        public @Nullable Duration getConnectionCheckInterval() {
            return connectionCheckInterval;
        }

        public void setConnectionCheckInterval(@Nullable Duration connectionCheckInterval) {
            this.connectionCheckInterval = connectionCheckInterval;
        }
    }

    /** The {@code migrate.migrators.NAME.ddl.*} settings; each left out is taken from {@code migrate.ddl.*}. */
    public static class DatabaseDdl {

        /**
         * How long one statement waits for a table lock before it is retried. When not set,
         * migrate.ddl.lock-timeout. If a duration suffix is not specified, seconds are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private @Nullable Duration lockTimeout;

        /**
         * How long one migration keeps retrying. When not set, migrate.ddl.retry-budget. If a
         * duration suffix is not specified, seconds are used.
         */
        @DurationUnit(ChronoUnit.SECONDS)
        private @Nullable Duration retryBudget;

        /** What to do with dangerous DDL in pending PostgreSQL migrations. When not set, migrate.ddl.lint. */
        private @Nullable DdlLintMode lint;

        public @Nullable Duration getLockTimeout() {
            return lockTimeout;
        }

        public void setLockTimeout(@Nullable Duration lockTimeout) {
            this.lockTimeout = lockTimeout;
        }

        public @Nullable Duration getRetryBudget() {
            return retryBudget;
        }

        public void setRetryBudget(@Nullable Duration retryBudget) {
            this.retryBudget = retryBudget;
        }

        public @Nullable DdlLintMode getLint() {
            return lint;
        }

        public void setLint(@Nullable DdlLintMode lint) {
            this.lint = lint;
        }
    }
}
