package dev.migrate;

import dev.migrate.internal.ddl.DdlSettings;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.lock.LockSettings;
import dev.migrate.internal.run.ConnectRetry;
import dev.migrate.internal.run.LiveTrafficOptions;
import dev.migrate.internal.run.MigrationOptions;
import dev.migrate.internal.run.MigrationRunner;
import dev.migrate.internal.source.NewMigrationFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Runs sql-migrate migrations against one database, safely from many processes at once.
 *
 * <pre>{@code
 * Migrator migrator = Migrator.builder(dataSource)
 *         .locations("classpath:db/migrations")
 *         .build();
 * MigrateResult result = migrator.up();
 * }</pre>
 *
 * <p>Every run reads the history first and returns at once when nothing is pending. Otherwise it
 * takes the lock on one pinned connection, re-reads the history and re-plans under it (a replica
 * that waited finds the work done), applies, and releases. All statements of a run go through
 * that one connection, so the lock covers exactly the work.
 *
 * <p>A Migrator is thread-safe; each call opens and closes its own connection. It remembers, for
 * its own later calls only, what cannot have changed since (the parse of each unchanged file, the
 * history while the database's digest of it is unchanged), so build one and call it again (a
 * bean) rather than building one per call.
 */
public final class Migrator {

    /** The history table sql-migrate uses by default. */
    public static final String DEFAULT_TABLE = "gorp_migrations";

    /** Where migrations are looked for by default. */
    public static final String DEFAULT_LOCATION = "classpath:db/migrations";

    /** The {@code application_name} of a run's connection by default. */
    public static final String DEFAULT_APPLICATION_NAME = "migrate";

    /** The longest {@code application_name} PostgreSQL keeps (it cuts longer ones silently). */
    static final int MAX_APPLICATION_NAME_LENGTH = 63;

    /** The name of a Migrator that was not given one. */
    public static final String DEFAULT_NAME = "default";

    private final MigrationRunner runner;
    private final String name;

    private Migrator(MigrationRunner runner, String name) {
        this.runner = runner;
        this.name = name;
    }

    /** Starts a builder for the given database. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** Applies every pending migration: holes (older pending files) first, then newer ones. */
    public MigrateResult up() {
        return runner.up(0, null);
    }

    /** Applies pending holes and at most {@code limit} newer migrations ({@code 0}: no limit). */
    public MigrateResult up(int limit) {
        if (limit < 0) {
            throw new MigrationConfigurationException("limit", "limit must be 0 (no limit) or more, was " + limit);
        }
        return runner.up(limit, null);
    }

    /** Applies pending migrations up to and including {@code targetId}. */
    public MigrateResult upTo(String targetId) {
        return runner.up(0, targetId);
    }

    /** Undoes the newest applied migration. */
    public MigrateResult down() {
        return down(1);
    }

    /** Undoes the {@code count} newest applied migrations, newest first ({@code 0}: all). */
    public MigrateResult down(int count) {
        if (count < 0) {
            throw new MigrationConfigurationException("count", "count must be 0 (all) or more, was " + count);
        }
        return runner.down(count, null);
    }

    /** Undoes applied migrations newer than {@code targetId}, leaving {@code targetId} applied. */
    public MigrateResult downTo(String targetId) {
        return runner.down(0, targetId);
    }

    /** Undoes the newest applied migration and applies it again. */
    public MigrateResult redo() {
        return runner.redo();
    }

    /** Records every pending migration as applied without running it. */
    public MigrateResult skip() {
        return runner.skip(0, null);
    }

    /**
     * Records pending holes and at most {@code limit} newer pending migrations as applied without
     * running them ({@code 0}: no limit), as {@link #up(int)} counts them.
     */
    public MigrateResult skip(int limit) {
        if (limit < 0) {
            throw new MigrationConfigurationException("limit", "limit must be 0 (no limit) or more, was " + limit);
        }
        return runner.skip(limit, null);
    }

    /** Records pending migrations up to and including {@code targetId} as applied without running them. */
    public MigrateResult skipTo(String targetId) {
        return runner.skip(0, targetId);
    }

    /**
     * What {@link #up()} would run now, without running it (sql-migrate's {@code up -dryrun}): each
     * pending migration with the statements it would send and whether in a transaction. Reads the
     * history once and changes nothing: it takes no lock, creates no table (on a new database every
     * migration is pending) and calls no callback. Fails as {@code up()} would fail on a history
     * that does not fit the migrations (an edited file, an unknown id).
     */
    public MigrationPlan plan() {
        return runner.plan(Direction.UP, false, 0, null);
    }

    /** What {@link #up(int)} would run now; see {@link #plan()}. */
    public MigrationPlan plan(int limit) {
        if (limit < 0) {
            throw new MigrationConfigurationException("limit", "limit must be 0 (no limit) or more, was " + limit);
        }
        return runner.plan(Direction.UP, false, limit, null);
    }

    /** What {@link #upTo(String)} would run now; see {@link #plan()}. */
    public MigrationPlan planTo(String targetId) {
        return runner.plan(Direction.UP, false, 0, targetId);
    }

    /** What {@link #down(int)} would undo now ({@code sql-migrate down -dryrun}); see {@link #plan()}. */
    public MigrationPlan planDown(int count) {
        if (count < 0) {
            throw new MigrationConfigurationException("count", "count must be 0 (all) or more, was " + count);
        }
        return runner.plan(Direction.DOWN, false, count, null);
    }

    /** What {@link #downTo(String)} would undo now; see {@link #plan()}. */
    public MigrationPlan planDownTo(String targetId) {
        return runner.plan(Direction.DOWN, false, 0, targetId);
    }

    /** What {@link #redo()} would run now: the Down, then the Up, of the newest applied migration. */
    public MigrationPlan planRedo() {
        return runner.plan(Direction.DOWN, true, 1, null);
    }

    /**
     * Compares the history with the migrations found, without the lock and without changing
     * anything: applied files that were edited, applied ids the source lacks and older than one it
     * has (unless {@code ignoreUnknown}) or renamed, and migrations marked failed that wait for a
     * repair.
     * Pending and future migrations are no problem.
     */
    public ValidationReport validate() {
        return runner.validate();
    }

    /** The database this Migrator migrates. */
    public DataSource dataSource() {
        return runner.dataSource();
    }

    /**
     * Applied, pending, failed, interrupted, running, unknown and future migrations, and the lock's
     * holder. Takes no lock. Each read waits for a lock another session holds on the history, side
     * or lease table at most the lock timeout ({@link Builder#lockTimeout}), then fails with a {@link
     * MigrationDatabaseException} naming the tables and, where the database tells, the holder.
     */
    public StatusReport status() {
        return runner.status();
    }

    /**
     * As {@link #status()}, with each read bounded by {@code bound} (whole seconds, at least one)
     * instead of the lock timeout: for a health check that must answer soon whatever another session
     * does to the tables.
     */
    public StatusReport status(Duration bound) {
        return runner.status(Builder.positive("bound", bound));
    }

    /** The lock kind, key and current holder. Takes no lock. */
    public LockInfo lockInfo() {
        return runner.lockInfo();
    }

    /**
     * The name this Migrator was built with ({@link Builder#name(String)}; {@value #DEFAULT_NAME}
     * unless set): it tells several Migrators of one application apart in meters and logs.
     */
    public String name() {
        return name;
    }

    /**
     * The lock wait a run of this Migrator is in right now: since when and who held the lock when
     * it began. Empty while no run waits (none runs, it found nothing to do, or it holds the
     * lock). Asks no database; meant for meters and health.
     */
    public Optional<LockWait> lockWait() {
        return runner.lockWait();
    }

    /**
     * After a person has looked: clears the marks of migrations that failed part-way or were
     * interrupted (a failed Up becomes pending again, a failed Down applied again, so the next run
     * retries them), records the current checksum of applied files that were edited, and records a
     * renamed applied file (an applied id the source lacks whose recorded checksum a pending file
     * has) under its new name, so that its SQL does not run a second time.
     */
    public RepairResult repair() {
        return runner.repair();
    }

    /**
     * Stops this Migrator's runs in progress in other threads, for a process that is shutting down
     * (SIGTERM): the statement a run sends is cancelled on the server and no further one starts,
     * a lock wait ends, and the run fails as a failed statement does (a transactional migration
     * rolls back, a {@code notransaction} one is marked failed) after releasing the lock on its own
     * connection. Returns once every run has ended, or after {@code wait}.
     *
     * @return true when no run is left in progress
     */
    public boolean stop(Duration wait) {
        return runner.stop(wait);
    }

    /**
     * Creates {@code YYYYMMDDHHMMSS-name.sql} in {@code directory} with the Up and Down
     * skeleton, as {@code sql-migrate new} does.
     */
    public static Path newMigration(Path directory, String name) {
        return NewMigrationFile.create(directory, name, Clock.systemUTC());
    }

    /** Creates a new migration file using the given clock for its timestamp. */
    public static Path newMigration(Path directory, String name, Clock clock) {
        return NewMigrationFile.create(directory, name, clock);
    }

    /** Configures a {@link Migrator}. Every setting has a sensible default. */
    public static final class Builder {

        private final DataSource dataSource;
        private String name = DEFAULT_NAME;
        private final List<String> locations = new ArrayList<>(List.of(DEFAULT_LOCATION));
        private @Nullable MigrationSource source;
        private @Nullable ClassLoader classLoader;
        private String table = DEFAULT_TABLE;
        private @Nullable String schema;
        private boolean ignoreUnknown;
        private boolean validateChecksums = true;
        private boolean retryFailed;
        private LockType lockType = LockType.AUTO;
        private @Nullable Long lockKey;
        private Duration lockTimeout = LockSettings.DEFAULT_TIMEOUT;
        private Duration leaseTime = LockSettings.DEFAULT_LEASE_TIME;
        private Duration connectionCheckInterval = LockSettings.DEFAULT_CONNECTION_CHECK_INTERVAL;
        private String applicationName = DEFAULT_APPLICATION_NAME;
        private Duration progressInterval = MigrationRunner.DEFAULT_PROGRESS_INTERVAL;
        private final List<MigrateCallback> callbacks = new ArrayList<>();
        private Duration ddlLockTimeout = DdlSettings.DEFAULT_LOCK_TIMEOUT;
        private Duration ddlRetryBudget = DdlSettings.DEFAULT_RETRY_BUDGET;
        private DdlLintMode ddlLint = DdlLintMode.WARN;
        private Consumer<DdlLockRetry> ddlLockRetryListener = retry -> {};
        private int connectRetries = ConnectRetry.DEFAULT_RETRIES;
        private Duration connectRetriesInterval = ConnectRetry.DEFAULT_MAX_INTERVAL;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * A name for this Migrator, to tell several of one application apart (the {@code migrator}
         * tag of the Spring Boot starter's meters, for instance); default {@value #DEFAULT_NAME}.
         * Letters, digits, {@code .}, {@code _} and {@code -}, at most 63 characters.
         */
        public Builder name(String name) {
            if (!name.matches("[A-Za-z0-9._-]{1,63}")) {
                throw new MigrationConfigurationException(
                        "name", "a Migrator's name is 1 to 63 letters, digits, '.', '_' or '-', was '" + name + "'");
            }
            this.name = name;
            return this;
        }

        /**
         * Where migrations live: {@code classpath:db/migrations} (also inside jars) or {@code
         * filesystem:/path}; no prefix means classpath. Default {@code classpath:db/migrations}.
         */
        public Builder locations(String... locations) {
            return locations(List.of(locations));
        }

        /** See {@link #locations(String...)}. */
        public Builder locations(List<String> locations) {
            this.locations.clear();
            this.locations.addAll(locations);
            this.source = null;
            return this;
        }

        /** Takes migrations from a source of your own instead of locations. */
        public Builder source(MigrationSource source) {
            this.source = source;
            return this;
        }

        /** The class loader for {@code classpath:} locations; default the thread's context loader. */
        public Builder classLoader(@Nullable ClassLoader classLoader) {
            this.classLoader = classLoader;
            return this;
        }

        /**
         * The history table; default {@code gorp_migrations}, as sql-migrate. At most 55
         * characters (63, PostgreSQL's limit, less the longest suffix), so that the tables migrate keeps beside it
         * ({@code _migrate}, {@code _lock}) fit every database's limit on names.
         */
        public Builder table(String table) {
            this.table = TableName.validateHistoryTable("table", table);
            return this;
        }

        /**
         * The history table's schema (created if missing; a schema that exists is used as it is, so
         * a role that owns it needs no {@code CREATE} on the database). Default: where the table
         * already is on the search path, else the connection's current schema, resolved once per run.
         */
        public Builder schema(@Nullable String schema) {
            this.schema = schema == null || schema.isBlank() ? null : TableName.validate("schema", schema);
            return this;
        }

        /** Accept applied migrations the source no longer has, instead of failing. */
        public Builder ignoreUnknown(boolean ignoreUnknown) {
            this.ignoreUnknown = ignoreUnknown;
            return this;
        }

        /** Fail when an applied file was edited (default); false logs a warning instead. */
        public Builder validateChecksums(boolean validateChecksums) {
            this.validateChecksums = validateChecksums;
            return this;
        }

        /**
         * Retry migrations marked failed (part of them may be committed: a {@code notransaction}
         * one, or one that failed after an implicit commit) without a {@link Migrator#repair()}.
         * Off by default: a half-applied migration deserves a person's look first.
         */
        public Builder retryFailed(boolean retryFailed) {
            this.retryFailed = retryFailed;
            return this;
        }

        /** The lock kind; default {@link LockType#AUTO}, chosen from the database. */
        public Builder lockType(LockType lockType) {
            this.lockType = Objects.requireNonNull(lockType, "lockType");
            return this;
        }

        /** The PostgreSQL advisory key; default derived from database, schema and table. */
        public Builder lockKey(@Nullable Long lockKey) {
            this.lockKey = lockKey;
            return this;
        }

        /** How long to wait for a lock another process holds; default 10 minutes. */
        public Builder lockTimeout(Duration lockTimeout) {
            this.lockTimeout = positive("lockTimeout", lockTimeout);
            return this;
        }

        /** How long a table lease lasts without a heartbeat; default 30 seconds. */
        public Builder leaseTime(Duration leaseTime) {
            this.leaseTime = positive("leaseTime", leaseTime);
            return this;
        }

        /**
         * How soon a PostgreSQL server should notice this process died (its {@code
         * client_connection_check_interval} and TCP keepalives for the run's session); default 2
         * seconds, zero leaves the server's settings.
         */
        public Builder connectionCheckInterval(Duration interval) {
            if (interval.isNegative()) {
                throw new MigrationConfigurationException(
                        "connectionCheckInterval", "connectionCheckInterval must not be negative");
            }
            this.connectionCheckInterval = interval;
            return this;
        }

        /** The {@code application_name} of the run's connection, 1 to 63 characters; default {@code migrate}. */
        public Builder applicationName(String applicationName) {
            if (applicationName.isBlank() || applicationName.length() > MAX_APPLICATION_NAME_LENGTH) {
                throw new MigrationConfigurationException(
                        "applicationName",
                        "applicationName must be 1 to " + MAX_APPLICATION_NAME_LENGTH + " characters, was '"
                                + applicationName + "'");
            }
            this.applicationName = applicationName;
            return this;
        }

        /**
         * How often a statement that is still running is reported (file, line, elapsed); default
         * 30 seconds. Package-private: tests shorten it.
         */
        Builder progressInterval(Duration interval) {
            this.progressInterval = positive("progressInterval", interval);
            return this;
        }

        /**
         * Adds callbacks, called in the order added, before and after each run and after each
         * migration; see {@link MigrateCallback} for what a failing callback does.
         */
        public Builder callbacks(MigrateCallback... callbacks) {
            for (MigrateCallback callback : callbacks) {
                this.callbacks.add(Objects.requireNonNull(callback, "callback"));
            }
            return this;
        }

        /**
         * How long one migration statement may wait for a table lock (PostgreSQL {@code
         * lock_timeout}, MySQL/MariaDB {@code lock_wait_timeout}, whole seconds) before it gives up
         * and is tried again, so that queries queued behind it stall at most about this long;
         * default 1 second, zero switches the guard off (statements wait as long as the database
         * lets them).
         */
        public Builder ddlLockTimeout(Duration lockTimeout) {
            if (lockTimeout.isNegative()) {
                throw new MigrationConfigurationException(
                        "ddlLockTimeout", "ddlLockTimeout must not be negative, was " + lockTimeout);
            }
            this.ddlLockTimeout = lockTimeout;
            return this;
        }

        /**
         * How long one migration keeps retrying after giving up on locks before the run fails
         * naming the blocking sessions; default 5 minutes.
         */
        public Builder ddlRetryBudget(Duration retryBudget) {
            if (retryBudget.isNegative()) {
                throw new MigrationConfigurationException(
                        "ddlRetryBudget", "ddlRetryBudget must not be negative, was " + retryBudget);
            }
            this.ddlRetryBudget = retryBudget;
            return this;
        }

        /** What to do with dangerous DDL in pending PostgreSQL migrations; default {@link DdlLintMode#WARN}. */
        public Builder ddlLint(DdlLintMode mode) {
            this.ddlLint = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Told of each retry after a statement gave up waiting for a table lock (e.g. to count them). */
        public Builder ddlLockRetryListener(Consumer<DdlLockRetry> listener) {
            this.ddlLockRetryListener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * How many times to try connecting again when the database cannot be reached yet (a
         * Compose service still starting, a sidecar proxy, a cold cloud instance); default 0, as
         * Flyway's {@code connectRetries}. The first wait is 1 second and each next one twice as
         * long, at most {@link #connectRetriesInterval}; each failed try is logged with its cause. A
         * refused login is not retried. The lock timeout starts once connected.
         */
        public Builder connectRetries(int retries) {
            if (retries < 0) {
                throw new MigrationConfigurationException(
                        "connectRetries", "connectRetries must not be negative, was " + retries);
            }
            this.connectRetries = retries;
            return this;
        }

        /** The longest wait between two tries to connect (see {@link #connectRetries}); default 120 seconds. */
        public Builder connectRetriesInterval(Duration interval) {
            this.connectRetriesInterval = positive("connectRetriesInterval", interval);
            return this;
        }

        /** Validates the settings and builds the Migrator. */
        public Migrator build() {
            TableName history = new TableName(schema, table); // both checked when set
            MigrationSource resolved = source != null
                    ? source
                    : MigrationSources.fromLocations(
                            locations,
                            classLoader != null
                                    ? classLoader
                                    : Thread.currentThread().getContextClassLoader());
            LockSettings lock = new LockSettings(lockType, lockKey, lockTimeout, leaseTime, connectionCheckInterval);
            MigrationOptions options =
                    new MigrationOptions(history, ignoreUnknown, validateChecksums, retryFailed, applicationName);
            LiveTrafficOptions live = new LiveTrafficOptions(
                    new DdlSettings(ddlLockTimeout, ddlRetryBudget), ddlLint, ddlLockRetryListener);
            return new Migrator(
                    new MigrationRunner(
                            dataSource,
                            resolved,
                            options,
                            lock,
                            progressInterval,
                            callbacks,
                            live,
                            new ConnectRetry(connectRetries, connectRetriesInterval)),
                    name);
        }

        private static Duration positive(String name, Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new MigrationConfigurationException(name, name + " must be positive, was " + value);
            }
            return value;
        }
    }
}
