package dev.migrate.lock;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.dialect.DatabaseKind;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.TableName;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Makes the {@link MigrationLock} that settings ask for. {@link LockType#AUTO} picks {@code
 * postgres-advisory} on PostgreSQL, {@code mysql-named} on MySQL and MariaDB, and {@code
 * table-lease} on every other database. A kind that cannot work on the database (an advisory lock
 * on H2) and an advisory key set for a kind that has none are configuration errors.
 */
public final class MigrationLocks {

    private MigrationLocks() {}

    /**
     * The lock for a history table.
     *
     * @param settings kind, key, timeout and lease time
     * @param dialect the database's dialect
     * @param historyTable the history table the lock guards; locks are named after it
     * @param dataSource where a table lease's heartbeat takes its own short connections
     * @param connection any connection to the database, read once to name the lock ({@code
     *     current_database()}, {@code current_schema()}); the lock is taken later on the run's
     *     pinned connection
     * @throws MigrationConfigurationException when the settings do not fit the database
     */
    public static MigrationLock create(
            LockSettings settings,
            Dialect dialect,
            TableName historyTable,
            DataSource dataSource,
            Connection connection)
            throws SQLException {
        LockType type = resolve(settings.type(), dialect.kind());
        if (settings.key() != null && type != LockType.POSTGRES_ADVISORY) {
            throw new MigrationConfigurationException("a lock key is set, but the lock type is " + type
                    + (settings.type() == LockType.AUTO ? " (chosen for " + dialect.kind() + ")" : "")
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
                        historyTable.withSuffix("_lock"),
                        historyTable.toString(),
                        settings.leaseTime(),
                        settings.timeout(),
                        dataSource);
            case NONE -> NoLock.INSTANCE;
            case AUTO -> throw new IllegalStateException("resolved above");
        };
    }

    /** The kind {@link LockType#AUTO} stands for on a database. */
    public static LockType resolve(LockType type, DatabaseKind database) {
        if (type != LockType.AUTO) {
            return type;
        }
        return switch (database) {
            case POSTGRESQL -> LockType.POSTGRES_ADVISORY;
            case MYSQL -> LockType.MYSQL_NAMED;
            case H2 -> LockType.TABLE_LEASE;
        };
    }

    private static void require(LockType type, Dialect dialect, DatabaseKind needed) {
        if (dialect.kind() != needed) {
            throw new MigrationConfigurationException("lock type " + type + " needs " + needed + " but the database is "
                    + dialect.kind() + "; use table-lease (or auto)");
        }
    }
}
