package dev.migrate.internal.lock;

import dev.migrate.LockType;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.internal.dialect.DatabaseKind;
import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.ServerProcess;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Makes the {@link MigrationLock} that settings ask for. {@link LockType#AUTO} picks {@code
 * postgres-advisory} on PostgreSQL, {@code mysql-named} on MySQL and MariaDB, and {@code
 * table-lease} on every other database and on databases that answer as PostgreSQL but whose
 * advisory locks exclude no one (CockroachDB, YugabyteDB; see {@link PostgresLookAlikes}), and on
 * PostgreSQL reached through a proxy, where there may be no session ({@link ServerProcess}). A kind
 * that cannot work on the database (an advisory lock on H2 or CockroachDB) and an advisory key set
 * for a kind that has none are configuration errors.
 */
public final class MigrationLocks {

    private static final Log log = Log.of(MigrationLocks.class);

    private MigrationLocks() {}

    /**
     * The lock for a history table, the lease named after the table as given.
     *
     * @see #create(LockSettings, Dialect, TableName, String, DataSource, Connection)
     */
    public static MigrationLock create(
            LockSettings settings,
            Dialect dialect,
            TableName historyTable,
            DataSource dataSource,
            Connection connection)
            throws SQLException {
        return create(settings, dialect, historyTable, historyTable.toString(), dataSource, connection);
    }

    /**
     * The lock for a history table.
     *
     * @param settings kind, key, timeout and lease time
     * @param dialect the database's dialect
     * @param historyTable the history table the lock guards, in the schema resolved for the run: the
     *     default advisory key and the MySQL lock name are derived from its schema (read from the
     *     connection when null), and the lease table lives beside it
     * @param leaseName the name of the lease's row in the lease table: the history table as
     *     configured, so that every release of migrate takes the same row
     * @param dataSource where a table lease's heartbeat takes its own short connections
     * @param connection any connection to the database, read once to name the lock ({@code
     *     current_database()}) and to tell PostgreSQL from its look-alikes ({@code version()}); the
     *     lock is taken later on the run's pinned connection
     * @throws MigrationConfigurationException when the settings do not fit the database
     */
    public static MigrationLock create(
            LockSettings settings,
            Dialect dialect,
            TableName historyTable,
            String leaseName,
            DataSource dataSource,
            Connection connection)
            throws SQLException {
        Server server = dialect.kind() == DatabaseKind.POSTGRESQL
                        && (settings.type() == LockType.AUTO || settings.type() == LockType.POSTGRES_ADVISORY)
                ? server(connection)
                : null;
        String version = server == null ? null : server.version();
        LockType type = resolve(settings.type(), dialect.kind(), version);
        String lookAlike = version == null ? null : PostgresLookAlikes.withoutAdvisoryLocks(version);
        if (server != null && server.behindProxy() && lookAlike == null) {
            if (settings.type() == LockType.AUTO) {
                type = LockType.TABLE_LEASE;
                log.info("The migration connection goes through a proxy (PgBouncer?), where a session lock may"
                        + " protect nothing (transaction pooling): the automatic lock is table-lease. Every replica"
                        + " that migrates this database must use the same kind: set the lock type to table-lease"
                        + " (lockType) where some connect past the proxy");
            } else {
                log.warn(
                        "The lock type (lockType) is postgres-advisory, but the migration connection goes through a proxy"
                                + " (PgBouncer?): a session lock is safe there only with session pooling; behind"
                                + " transaction pooling use table-lease (or auto)");
            }
        }
        if (lookAlike != null) {
            if (type == LockType.POSTGRES_ADVISORY) {
                throw new MigrationConfigurationException(
                        "lockType",
                        "lock type " + type + " protects nothing on " + lookAlike
                                + ": it answers as PostgreSQL, but its advisory locks exclude no one; use table-lease (or auto)");
            }
            log.debug("The database is " + lookAlike + " (" + version + "), whose advisory locks exclude no one: "
                    + "the automatic lock is " + type);
        }
        if (settings.key() != null && type != LockType.POSTGRES_ADVISORY) {
            throw new MigrationConfigurationException(
                    "lockKey",
                    "a lock key is set, but the lock type is " + type
                            + (settings.type() == LockType.AUTO
                                    ? " (chosen for "
                                            + (lookAlike != null
                                                    ? lookAlike
                                                    : server != null && server.behindProxy()
                                                            ? "PostgreSQL behind a proxy"
                                                            : dialect.kind())
                                            + ")"
                                    : "")
                            + "; a key applies only to postgres-advisory");
        }
        return switch (type) {
            case POSTGRES_ADVISORY -> {
                require(type, dialect, DatabaseKind.POSTGRESQL);
                Long key = settings.key();
                yield new PostgresAdvisoryLock(
                        key != null
                                ? key
                                : LockKeys.advisoryKey(connection, historyTable.schema(), historyTable.name()),
                        settings.timeout());
            }
            case MYSQL_NAMED -> {
                require(type, dialect, DatabaseKind.MYSQL);
                yield new MySqlNamedLock(
                        LockKeys.mysqlLockName(connection, historyTable.schema(), historyTable.name()),
                        settings.timeout());
            }
            case TABLE_LEASE ->
                new TableLeaseLock(
                        dialect,
                        historyTable.withSuffix(TableName.LEASE_SUFFIX),
                        leaseName,
                        settings.leaseTime(),
                        settings.timeout(),
                        dataSource);
            case NONE -> NoLock.INSTANCE;
            case AUTO -> throw new IllegalStateException("resolved above");
        };
    }

    /** The kind {@link LockType#AUTO} stands for on a database (PostgreSQL itself, not a look-alike). */
    public static LockType resolve(LockType type, DatabaseKind database) {
        return resolve(type, database, null);
    }

    /**
     * The kind {@link LockType#AUTO} stands for on a database.
     *
     * @param serverVersion what PostgreSQL's {@code version()} answers, or null where not asked: a
     *     PostgreSQL look-alike whose advisory locks exclude no one gets {@code table-lease}
     */
    public static LockType resolve(LockType type, DatabaseKind database, @Nullable String serverVersion) {
        if (type != LockType.AUTO) {
            return type;
        }
        return switch (database) {
            case POSTGRESQL ->
                serverVersion != null && PostgresLookAlikes.withoutAdvisoryLocks(serverVersion) != null
                        ? LockType.TABLE_LEASE
                        : LockType.POSTGRES_ADVISORY;
            case MYSQL -> LockType.MYSQL_NAMED;
            case H2 -> LockType.TABLE_LEASE;
        };
    }

    /** What {@code version()} answers, and whether the connection goes through a proxy ({@link ServerProcess}). */
    private static Server server(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select version(), pg_backend_pid()")) {
            return row.next()
                    ? new Server(row.getString(1), ServerProcess.behindProxy(connection, row.getInt(2)))
                    : new Server("", false);
        }
    }

    private record Server(String version, boolean behindProxy) {}

    private static void require(LockType type, Dialect dialect, DatabaseKind needed) {
        if (dialect.kind() != needed) {
            throw new MigrationConfigurationException(
                    "lockType",
                    "lock type " + type + " needs " + needed + " but the database is " + dialect.kind()
                            + "; use table-lease (or auto)");
        }
    }
}
