package dev.migrate.internal.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The live-traffic guard on MariaDB ({@code lock_wait_timeout}, metadata locks). */
class MariaDbLiveTrafficTest extends LiveTrafficContract {

    MariaDbLiveTrafficTest() {
        super(TestDatabase.mariadb("livetraffic"));
    }

    @Override
    void holdReadLock(Statement blocker, String table, String name) throws SQLException {
        blocker.execute("select count(*) /* password 'hunter2' */ from " + table);
    }

    @Override
    String blockerIdentity(Connection blocker, String name) throws SQLException {
        try (Statement statement = blocker.createStatement();
                ResultSet row = statement.executeQuery("select connection_id()")) {
            row.next();
            return "connection id " + row.getLong(1) + " ";
        }
    }

    @Override
    String currentSchema() {
        return "database()";
    }

    @Override
    String setSessionLockWait(long seconds) {
        return "set session lock_wait_timeout = " + seconds;
    }

    @Override
    String sessionLockWait() {
        return "@@session.lock_wait_timeout";
    }

    /** Whole seconds: the server knows no finer unit. */
    @Override
    String shown(Duration wait) {
        return Long.toString(wait.toSeconds());
    }

    @Test
    void theSessionsLockWaitTimeoutIsPutBackAfterTheRun() throws Exception {
        folder.add("1_add.sql", "alter table " + table + " add column note int;", "select 1;");
        try (Connection connection = database().connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set session lock_wait_timeout = 77");
            }
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);

            Migrator.builder(single)
                    .locations(folder.location())
                    .table("history_restore")
                    .ddlLockTimeout(LOCK_TIMEOUT)
                    .build()
                    .up();

            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("select @@session.lock_wait_timeout")) {
                row.next();
                assertThat(row.getLong(1)).isEqualTo(77);
            }
        }
    }
}
