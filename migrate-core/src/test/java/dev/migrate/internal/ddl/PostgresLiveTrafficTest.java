package dev.migrate.internal.ddl;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.migrate.DdlLintMode;
import dev.migrate.DdlLockRetry;
import dev.migrate.MigrateResult;
import dev.migrate.MigrationPlanException;
import dev.migrate.Migrator;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.LogCapture;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The live-traffic guard on PostgreSQL ({@code lock_timeout}, {@code pg_blocking_pids}). */
class PostgresLiveTrafficTest extends LiveTrafficContract {

    private static final int RUNS = 30;

    PostgresLiveTrafficTest() {
        super(TestDatabase.postgres("livetraffic"));
    }

    @Override
    void holdReadLock(Statement blocker, String table, String name) throws SQLException {
        blocker.execute("set application_name = '" + name + "'");
        blocker.execute("select count(*) /* password 'hunter2' */ from " + table);
    }

    @Override
    String blockerIdentity(Connection blocker, String name) throws SQLException {
        try (Statement statement = blocker.createStatement();
                ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            return "pid " + row.getLong(1) + " (application_name '" + name + "'";
        }
    }

    @Override
    String currentSchema() {
        return "current_schema()";
    }

    @Override
    String setSessionLockWait(long seconds) {
        return "set lock_timeout = '" + seconds + "s'";
    }

    @Override
    String sessionLockWait() {
        return "current_setting('lock_timeout')";
    }

    @Override
    String shown(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + "s" : wait.toMillis() + "ms";
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

    @Test
    void lintFailRefusesToRunDangerousDdlAndNamesFileLineAndTheSaferForm() throws Exception {
        folder.add("1_ok.sql", "create table fresh_" + table + " (id int);", "select 1;")
                .add("2_idx.sql", "-- +migrate Up\n\ncreate index idx_" + table + " on " + table + " (name);\n");

        assertThatThrownBy(() -> Migrator.builder(database().dataSource())
                        .locations(folder.location())
                        .table("history_lint")
                        .ddlLint(DdlLintMode.FAIL)
                        .build()
                        .up())
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("2_idx.sql:3: create index on existing table " + table)
                .hasMessageContaining("safer: create index concurrently");
        assertThat(count("select count(*) from information_schema.tables where table_name = 'fresh_" + table + "'"))
                .isZero();

        MigrateResult warned = Migrator.builder(database().dataSource())
                .locations(folder.location())
                .table("history_lint")
                .build()
                .up();
        assertThat(warned.count()).isEqualTo(2);
    }

    @Test
    void byDefaultTheLintWarnsOfDangerousDdlNamingFileLineAndTheSaferFormAndStillRunsIt() throws Exception {
        folder.add("1_idx.sql", "-- +migrate Up\n\ncreate index idx_warn_" + table + " on " + table + " (name);\n");
        MigrateResult result;
        List<String> warnings;
        try (LogCapture log = new LogCapture()) {
            result = Migrator.builder(database().dataSource())
                    .locations(folder.location())
                    .table("history_lint_default")
                    .build()
                    .up();
            warnings = log.lines().stream()
                    .filter(line -> line.startsWith("WARN "))
                    .toList();
        }

        assertThat(warnings)
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .contains("1_idx.sql:3: create index on existing table " + table)
                .contains("safer: create index concurrently");
        assertThat(result.count()).isEqualTo(1);
        assertThat(count("select count(*) from pg_indexes where indexname = 'idx_warn_" + table + "'"))
                .isEqualTo(1);
    }

    /**
     * The lint looks at statements as they run, so a migration that the DDL guard runs again passes
     * it again: its finding is still logged once.
     */
    @Test
    void aDangerousStatementThatTheGuardRunsAgainIsWarnedOfOnce() throws Exception {
        folder.add("1_idx.sql", "-- +migrate Up\ncreate index idx_again_" + table + " on " + table + " (name);\n");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();
        MigrateResult result;
        List<String> warnings;
        try (LogCapture log = new LogCapture();
                Connection blocker = database().connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            // a write's lock, which create index (SHARE) waits for
            statement.execute("update " + table + " set name = name where id = 1");
            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> migrator(retries)
                    .ddlRetryBudget(Duration.ofMinutes(2))
                    .build()
                    .up());
            waitFor(() -> retries.size() >= 2, Duration.ofSeconds(30));
            blocker.commit();
            result = run.get(60, TimeUnit.SECONDS);
            warnings = log.lines().stream()
                    .filter(line -> line.contains("Dangerous DDL"))
                    .toList();
        }

        assertThat(result.count()).isEqualTo(1);
        assertThat(result.lockRetries()).isGreaterThanOrEqualTo(2);
        assertThat(retries).allSatisfy(r -> assertThat(r.wholeMigration()).isTrue());
        assertThat(warnings)
                .singleElement(as(InstanceOfAssertFactories.STRING))
                .contains("1_idx.sql:2: create index on existing table " + table);
    }

    @Test
    void withASingleConnectionDataSourceTheWatcherLeavesTheRunsConnectionAlone() throws Exception {
        folder.add("1_add.sql", "alter table " + table + " add column note int;", "select 1;");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();
        try (Connection connection = database().connect();
                Connection blocker = database().connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("select count(*) from " + table);
            SingleConnectionDataSource single = new SingleConnectionDataSource(connection, true);
            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(() -> Migrator.builder(single)
                    .locations(folder.location())
                    .table("history_single")
                    .ddlLockTimeout(Duration.ofMillis(400))
                    .ddlLockRetryListener(retries::add)
                    .build()
                    .up());
            waitFor(() -> retries.size() >= 2, Duration.ofSeconds(30));
            blocker.commit();

            assertThat(run.get(60, TimeUnit.SECONDS).count()).isEqualTo(1);
            assertThat(connection.isClosed()).isFalse();
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(columnExists(table, "note")).isTrue();
        }
    }

    @Test
    void theWatchersObserverConnectionGoesBackToThePoolAfterEveryRun() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(database().url());
        config.setUsername(database().user());
        config.setPassword(database().password());
        config.setMaximumPoolSize(40);
        config.setPoolName("watcher-leak");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            for (int run = 1; run <= RUNS; run++) {
                // Long enough for the watcher (polling every 50 ms at a 200 ms lock timeout) to open
                // its observer; the run ends right after the migration, with the close queued.
                folder.add(run + "_wait.sql", "select pg_sleep(0.12);", "select 1;");
                MigrateResult result = Migrator.builder(pool)
                        .locations(folder.location())
                        .table("history_watch")
                        .ddlLockTimeout(Duration.ofMillis(200))
                        .build()
                        .up();
                assertThat(result.count()).isEqualTo(1);
            }
            HikariPoolMXBean connections = pool.getHikariPoolMXBean();
            Eventually.until(
                    "every connection back in the pool after " + RUNS + " runs",
                    Duration.ofSeconds(20),
                    () -> connections.getActiveConnections() == 0);
        }
    }
}
