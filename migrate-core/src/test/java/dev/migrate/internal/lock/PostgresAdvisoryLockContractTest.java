package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.queryLong;
import static dev.migrate.internal.lock.LockTesting.queryString;

import dev.migrate.LockType;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;

class PostgresAdvisoryLockContractTest extends LockContract {

    PostgresAdvisoryLockContractTest() {
        super(LockType.POSTGRES_ADVISORY, TestDatabase.Kind.POSTGRESQL);
    }

    /** The backend from {@code pg_stat_activity}: its pid, then its {@code application_name}. */
    @Override
    String identity(Connection holder, LockHandle handle) throws SQLException {
        return "pid " + queryLong(holder, "select pg_backend_pid()") + " (application_name '"
                + queryString(holder, "show application_name") + "'";
    }
}
