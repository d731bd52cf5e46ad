package dev.migrate.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;

/**
 * One fresh database of a measured run; closing it drops it. Also checks what a workload left
 * behind: the tables it created and their rows.
 */
final class BenchDatabase implements AutoCloseable {

    private final PostgresServer server;
    private final String name;

    BenchDatabase(PostgresServer server, String name) {
        this.server = server;
        this.name = name;
    }

    String name() {
        return name;
    }

    String url() {
        return server.url(name);
    }

    /** A direct (unpooled) connection, for checks. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }

    /**
     * A HikariCP pool on this database, configured as an application would have it (at most 4
     * connections, one kept idle). Every tool gets the same pool settings.
     */
    static HikariDataSource pool(String url, String applicationName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("bench-" + applicationName);
        config.addDataSourceProperty("ApplicationName", applicationName);
        return new HikariDataSource(config);
    }

    /** A single {@code count(*)}-style query's integer result. */
    long queryLong(String sql) throws SQLException {
        try (Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /**
     * Checks the side effects of the 200 small migrations: every table exists and holds exactly
     * its 10 rows. Returns a description of what is wrong, or {@code null} if all is well.
     */
    @Nullable
    String checkSmallMigrations(ToolRunner runner) throws SQLException {
        long tables = queryLong(
                "select count(*) from pg_tables where schemaname = 'public'" + " and tablename like 'bench\\_t%'");
        StringBuilder sum = new StringBuilder("select 0");
        for (int n = 1; n <= Workloads.SMALL_MIGRATIONS; n++) {
            sum.append(" + (select count(*) from ")
                    .append(Workloads.smallTable(n))
                    .append(')');
        }
        long rows = tables == Workloads.SMALL_MIGRATIONS ? queryLong(sum.toString()) : -1;
        int applied;
        try (Connection connection = connect()) {
            applied = runner.appliedCount(connection);
        }
        long expectedRows = (long) Workloads.SMALL_MIGRATIONS * Workloads.ROWS_PER_SMALL_MIGRATION;
        if (tables == Workloads.SMALL_MIGRATIONS && rows == expectedRows && applied == Workloads.SMALL_MIGRATIONS) {
            return null;
        }
        return "tables " + tables + ", rows " + rows + " (expected " + expectedRows + "), history " + applied;
    }

    @Override
    public void close() throws SQLException {
        server.dropDatabase(name);
    }
}
