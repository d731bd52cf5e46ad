package dev.migrate.internal.lock;

import dev.migrate.LockType;
import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Small helpers the lock tests share. */
final class LockTesting {

    static final TableName HISTORY = new TableName(null, "gorp_migrations");

    private LockTesting() {}

    static LockSettings settings(LockType type, Duration timeout) {
        return new LockSettings(type, null, timeout, LockSettings.DEFAULT_LEASE_TIME, Duration.ZERO);
    }

    static LockSettings lease(Duration timeout, Duration leaseTime) {
        return new LockSettings(LockType.TABLE_LEASE, null, timeout, leaseTime, Duration.ZERO);
    }

    static MigrationLock lock(TestDatabase db, Connection connection, LockSettings settings) throws SQLException {
        return MigrationLocks.create(settings, Dialects.detect(connection), HISTORY, db.dataSource(), connection);
    }

    static @Nullable String queryString(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getString(1) : null;
        }
    }

    static long queryLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    static long millisSince(long nanos) {
        return Duration.ofNanos(System.nanoTime() - nanos).toMillis();
    }
}
