package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.queryLong;

import dev.migrate.LockType;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;

class MySqlNamedLockContractTest extends LockContract {

    MySqlNamedLockContractTest() {
        super(LockType.MYSQL_NAMED, TestDatabase.Kind.MARIADB);
    }

    /** The connection {@code IS_USED_LOCK} names. */
    @Override
    String identity(Connection holder, LockHandle handle) throws SQLException {
        return "MySQL connection id " + queryLong(holder, "select connection_id()");
    }
}
