package dev.migrate.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The live-traffic guard on PostgreSQL ({@code lock_timeout}, {@code pg_blocking_pids}). */
class PostgresLiveTrafficTest extends LiveTrafficContract {

    PostgresLiveTrafficTest() {
        super(TestDatabase.postgres("livetraffic"));
    }

    @Override
    void holdReadLock(Statement blocker, String table, String name) throws SQLException {
        blocker.execute("set application_name = '" + name + "'");
        blocker.execute("select count(*) from " + table);
    }

    @Override
    String blockerIdentity(Connection blocker, String name) throws SQLException {
        try (Statement statement = blocker.createStatement();
                ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            return "pid " + row.getLong(1) + " (application_name '" + name + "'";
        }
    }

    @Test
    void theSessionsLockTimeoutIsPutBackAfterTheRun() throws Exception {
        folder.add("1_add.sql", "alter table " + table + " add column note int;", "select 1;");
        try (Connection connection = database().connect()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set lock_timeout = '7s'");
            }
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);

            Migrator.builder(single)
                    .locations(folder.location())
                    .table("history_restore")
                    .ddlLockTimeout(LOCK_TIMEOUT)
                    .build()
                    .up();

            try (Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("show lock_timeout")) {
                row.next();
                assertThat(row.getString(1)).isEqualTo("7s");
            }
        }
    }
}
