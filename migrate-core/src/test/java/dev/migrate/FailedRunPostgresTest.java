package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.InterceptingDataSource;
import dev.migrate.testing.LogCapture;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;

/**
 * How a run ends when something goes wrong around the statements, on PostgreSQL: an {@link
 * Error} mid-migration, a failed {@code notransaction} Down, a lock release that fails after
 * success, a file edited between planning and running, a failing statement holding a password.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FailedRunPostgresTest {

    private final TestDatabase database = TestDatabase.postgres("failedrun");
    private int counter;
    private String table;

    @TempDir
    Path temp;

    MigrationFolder folder;

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void fresh() {
        counter++;
        table = "history_" + counter;
        folder = new MigrationFolder(temp.resolve("migrations_" + counter));
    }

    private Migrator.Builder migrator(DataSource dataSource) {
        return Migrator.builder(dataSource).locations(folder.location()).table(table);
    }

    private Migrator.Builder migrator() {
        return migrator(database.dataSource());
    }

    @Test
    void anErrorMidMigrationRollsBackWhatRanAndRecordsNothing() throws Exception {
        folder.add(
                "1_err.sql",
                "-- +migrate Up\ncreate table err_t (id int);\ninsert into err_t values (1);\n"
                        + "select 'the driver runs out of memory here';\n-- +migrate Down\ndrop table err_t;\n");
        DataSource outOfMemory = new InterceptingDataSource(database.dataSource(), (connection, sql) -> {
            if (sql.contains("runs out of memory here")) {
                throw new OutOfMemoryError("simulated: no heap for the result");
            }
        });

        assertThatThrownBy(() -> migrator(outOfMemory).build().up())
                .isInstanceOf(OutOfMemoryError.class)
                .hasMessageContaining("simulated");

        assertThat(count("select count(*) from information_schema.tables where table_name = 'err_t'"))
                .as("the statements before the Error were rolled back, not committed")
                .isZero();
        assertThat(historyIds()).isEmpty();
        // and the next start applies it cleanly (instead of failing on "already exists")
        assertThat(migrator().build().up().executed()).hasSize(1);
        assertThat(count("select count(*) from err_t")).isEqualTo(1);
    }

    @Test
    void aFailedNoTransactionDownIsFailedUntilRepairAndKeepsTheAppliedDetails() throws Exception {
        folder.add(
                "1_t.sql",
                "-- +migrate Up\ncreate table down_t (id int);\ncreate table down_log (what text);\n"
                        + "-- +migrate Down notransaction\ninsert into down_log values ('down ran');\n"
                        + "drop table no_such_table_d;\ndrop table down_t;\n");
        Migrator migrator = migrator().build();
        migrator.up();
        MigrationInfo applied = migrator.status().applied().get(0);

        assertThatThrownBy(migrator::down)
                .isInstanceOf(MigrationExecutionException.class)
                .hasMessageContaining("1_t.sql:6")
                .hasMessageContaining("marked failed");

        StatusReport status = migrator.status();
        assertThat(status.applied()).isEmpty();
        assertThat(status.failed()).singleElement().satisfies(failed -> {
            assertThat(failed.id()).isEqualTo("1_t.sql");
            assertThat(failed.appliedAt()).isEqualTo(applied.appliedAt());
            assertThat(failed.checksum()).isEqualTo(applied.checksum());
            assertThat(failed.executionTime()).isEqualTo(applied.executionTime());
            assertThat(failed.appliedBy()).isEqualTo(applied.appliedBy());
            assertThat(failed.failure()).contains("Down failed at line 6").contains("no_such_table_d");
        });
        assertThat(historyIds()).containsExactly("1_t.sql");

        assertThatThrownBy(migrator::down)
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("1_t.sql")
                .hasMessageContaining("repair");
        assertThatThrownBy(migrator::redo).isInstanceOf(MigrationPlanException.class);
        assertThat(count("select count(*) from down_log"))
                .as("the Down ran once")
                .isEqualTo(1);

        // a person fixes the Down, then repairs: the migration is applied again with its details
        folder.add(
                "1_t.sql",
                "-- +migrate Up\ncreate table down_t (id int);\ncreate table down_log (what text);\n"
                        + "-- +migrate Down notransaction\ndrop table down_t;\ndrop table down_log;\n");
        RepairResult repair = migrator.repair();
        assertThat(repair.clearedFailures()).containsExactly("1_t.sql");
        MigrationInfo repaired = migrator.status().applied().get(0);
        assertThat(repaired.appliedAt()).isEqualTo(applied.appliedAt());
        assertThat(repaired.appliedBy()).isEqualTo(applied.appliedBy());
        assertThat(migrator.down().executed()).hasSize(1);
        assertThat(historyIds()).isEmpty();
        assertThat(migrator.status().failed()).isEmpty();
    }

    @Test
    void aLockReleaseThatFailsAfterASuccessfulRunIsAWarningNotAnError() throws Exception {
        folder.add("1_a.sql", "create table released_t (id int);", "drop table released_t;");
        List<Integer> terminated = new ArrayList<>();
        HikariDataSource pool = database.pool(2);
        DataSource killedAtRelease = new InterceptingDataSource(pool, (connection, sql) -> {
            if (sql.contains("pg_advisory_unlock")) {
                int pid = connection.unwrap(PGConnection.class).getBackendPID();
                terminate(pid);
                terminated.add(pid);
            }
        });

        MigrateResult result;
        try (pool;
                LogCapture logs = new LogCapture()) {
            result = migrator(killedAtRelease).build().up();

            assertThat(logs.lines())
                    .anySatisfy(line -> assertThat(line).startsWith("WARN").contains("releasing the lock"));
            assertThat(terminated).hasSize(1);
            assertThat(result.executed()).extracting(ExecutedMigration::id).containsExactly("1_a.sql");
            // the pool discarded the broken connection: the next run on it works
            assertThat(migrator(pool).build().up().executed()).isEmpty();
        }
        assertThat(historyIds()).containsExactly("1_a.sql");
        assertThat(count("select count(*) from pg_locks where locktype = 'advisory' and database ="
                        + " (select oid from pg_database where datname = current_database())"))
                .as("the lock went with the session")
                .isZero();
    }

    @Test
    void aLockAlreadyGoneAtReleaseAfterASuccessfulRunIsAWarningNotAnError() throws Exception {
        // the last migration ends the session's state, advisory locks included: release finds no
        // lock, so the connection is aborted, and the pool's close of it fails
        folder.add("1_a.sql", "create table discarded_t (id int);", "drop table discarded_t;")
                .add("2_discard.sql", "-- +migrate Up notransaction\ndiscard all;\n-- +migrate Down\nselect 1;\n");
        try (HikariDataSource pool = database.pool(2);
                LogCapture logs = new LogCapture()) {
            MigrateResult result = migrator(pool).build().up();

            assertThat(result.executed()).extracting(ExecutedMigration::id).containsExactly("1_a.sql", "2_discard.sql");
            assertThat(logs.lines())
                    .anySatisfy(line -> assertThat(line).startsWith("WARN").contains("did not hold the lock"))
                    .anySatisfy(line -> assertThat(line).startsWith("WARN").contains("the run's result stands"));
            assertThat(migrator(pool).build().up().executed()).isEmpty();
        }
        assertThat(historyIds()).containsExactly("1_a.sql", "2_discard.sql");
    }

    @Test
    void aFileEditedWhileTheReplicaWaitsForTheLockIsRefusedNamingIt() throws Exception {
        folder.add("1_a.sql", "create table planned_t (id int);", "drop table planned_t;");
        long key = ThreadLocalRandom.current().nextLong();
        CompletableFuture<MigrateResult> run;
        try (Connection holder = database.connect();
                Statement lock = holder.createStatement()) {
            lock.execute("select pg_advisory_lock(" + key + ")");
            Migrator migrator = migrator()
                    .lockKey(key)
                    .applicationName("migrate_edit_" + counter)
                    .build();
            run = CompletableFuture.supplyAsync(migrator::up);
            // the run has planned (read the file) once its session is named, just before it waits; only
            // this database's sessions count (other suites on the shared server may use the same name)
            awaitCount(
                    "select count(*) from pg_stat_activity where datname = current_database()"
                            + " and application_name = 'migrate_edit_" + counter + "'",
                    1);
            folder.add("1_a.sql", "create table edited_t (id int);", "drop table edited_t;");
            lock.execute("select pg_advisory_unlock(" + key + ")");
        }

        Throwable failure = catchThrowable(() -> run.get(60, TimeUnit.SECONDS));

        assertThat(failure)
                .hasRootCauseInstanceOf(MigrationPlanException.class)
                .rootCause()
                .hasMessageContaining("1_a.sql")
                .hasMessageContaining("changed");
        assertThat(count(
                        "select count(*) from information_schema.tables where table_name in ('planned_t', 'edited_t')"))
                .isZero();
        assertThat(historyIds()).isEmpty();
        // the next run reads the file as it is now
        migrator().build().up();
        assertThat(count("select count(*) from information_schema.tables where table_name = 'edited_t'"))
                .isEqualTo(1);
    }

    @Test
    void aFileEditedWhileItRunsIsRolledBackBeforeCommit() throws Exception {
        StringBuilder file = new StringBuilder(
                "-- +migrate Up\ncreate table running_t (id int);\n" + "select 'the file is edited now';\n");
        // far more than the reader's buffer, so the end is read after the edit
        for (int i = 0; i < 20_000; i++) {
            file.append("insert into running_t values (1);\n");
        }
        file.append("-- +migrate Down\ndrop table running_t;\n");
        folder.add("1_big.sql", file.toString());
        Path path = folder.directory().resolve("1_big.sql");
        DataSource editing = new InterceptingDataSource(database.dataSource(), (connection, sql) -> {
            if (sql.contains("the file is edited now")) {
                try {
                    Files.writeString(path, file.toString().replace("values (1)", "values (2)"));
                } catch (java.io.IOException e) {
                    throw new SQLException(e);
                }
            }
        });

        assertThatThrownBy(() -> migrator(editing).build().up())
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("1_big.sql")
                .hasMessageContaining("changed while it ran")
                .hasMessageContaining("rolled back");

        assertThat(count("select count(*) from information_schema.tables where table_name = 'running_t'"))
                .isZero();
        assertThat(historyIds()).isEmpty();
    }

    @Test
    void aFailingStatementWithAPasswordNeverShowsThePassword() throws Exception {
        String secret =
                "hunter2-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        // role names starting with pg_ are reserved: the statement fails and creates nothing
        folder.add(
                "1_role.sql",
                "-- +migrate Up notransaction\ncreate role pg_migrate_reserved login password '" + secret + "';\n"
                        + "-- +migrate Down\nselect 1;\n");
        Migrator migrator = migrator().build();

        Throwable failure;
        StatusReport status;
        try (LogCapture logs = new LogCapture()) {
            failure = catchThrowable(migrator::up);
            status = migrator.status();
            assertThat(logs.text()).doesNotContain(secret);
        }

        assertThat(failure)
                .isInstanceOf(MigrationExecutionException.class)
                .hasMessageContaining("1_role.sql:2")
                .hasMessageContaining("password '***'");
        assertThat(stackTrace(failure)).doesNotContain(secret);
        assertThat(status.failed())
                .singleElement()
                .satisfies(failed ->
                        assertThat(failed.failure()).contains("reserved").doesNotContain(secret));
    }

    /**
     * Secrets where the old rule did not look: inside a {@code DO $$ … $$} body (PostgreSQL quotes
     * the failing inner statement back in its message), a {@code password=} pair of a connection
     * string and a URL's user information inside a literal (PostgreSQL quotes the literal back).
     */
    static Stream<Arguments> statementsWithHiddenSecrets() {
        return Stream.of(
                Arguments.of(
                        "dollar-quoted body",
                        "do $$\nbegin\n  if not exists (select 1 from pg_roles where rolname = 'pg_migrate_x') then\n"
                                + "    create role pg_migrate_reserved login password 'SECRET';\n  end if;\nend\n$$;"),
                Arguments.of(
                        "connection string",
                        "select dblink_connect('host=127.0.0.1 dbname=app user=app password=SECRET');"),
                Arguments.of(
                        "connection string quoted back", "select 'host=127.0.0.1 password=SECRET dbname=app'::int;"),
                Arguments.of("url user information", "select 'postgres://app:SECRET@127.0.0.1/app'::int;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statementsWithHiddenSecrets")
    void aFailingStatementNeverShowsAPasswordHiddenInALiteral(String name, String statement) throws Exception {
        String secret =
                "hunter2-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        folder.add(
                "1_secret.sql",
                "-- +migrate Up notransaction\n-- +migrate StatementBegin\n" + statement.replace("SECRET", secret)
                        + "\n-- +migrate StatementEnd\n-- +migrate Down\nselect 1;\n");
        Migrator migrator = migrator().build();

        Throwable failure;
        StatusReport status;
        try (LogCapture logs = new LogCapture()) {
            failure = catchThrowable(migrator::up);
            status = migrator.status();
            assertThat(logs.text()).doesNotContain(secret);
        }

        assertThat(failure).isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
            assertThat(e.file()).isEqualTo("1_secret.sql");
            assertThat(e.statement()).isNotBlank().doesNotContain(secret);
            assertThat(e.databaseMessage()).isNotBlank().doesNotContain(secret);
            assertThat(e.getMessage()).doesNotContain(secret);
        });
        assertThat(stackTrace(failure)).doesNotContain(secret);
        assertThat(status.failed())
                .singleElement()
                .satisfies(failed -> assertThat(failed.failure()).doesNotContain(secret));
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select * from " + table + "_migrate")) {
            StringBuilder sideTable = new StringBuilder();
            while (rows.next()) {
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    sideTable.append(rows.getString(i)).append('|');
                }
            }
            assertThat(sideTable).contains("1_secret.sql").doesNotContain(secret);
        }
    }

    @Test
    void theLockHoldersStatementShowsNoPasswordInsideADollarQuotedBody() throws Exception {
        String secret =
                "hunter2-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        long key = ThreadLocalRandom.current().nextLong();
        try (Connection holder = database.connect();
                Statement statement = holder.createStatement()) {
            statement.execute("select pg_advisory_lock(" + key + ")");
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    statement.execute("do $$ begin perform pg_sleep(60); if false then create role r password '"
                            + secret + "'; end if; end $$");
                } catch (SQLException cancelled) {
                    // cancelled below
                }
            });
            try {
                awaitCount(
                        "select count(*) from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and query like '%"
                                + secret + "%'",
                        1);
                Migrator migrator = migrator()
                        .lockKey(key)
                        .lockTimeout(Duration.ofMillis(300))
                        .build();
                folder.add("1_a.sql", "select 1;", "select 1;");

                LockInfo lock = migrator.status().lock();
                assertThat(lock.holder()).isNotNull();
                assertThat(lock.holder().description())
                        .contains("password '***'")
                        .doesNotContain(secret);
                assertThat(lock.holder().details().get("query"))
                        .contains("password '***'")
                        .doesNotContain(secret);
                assertThatThrownBy(migrator::up)
                        .isInstanceOf(LockException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
            } finally {
                statement.cancel();
                running.get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void theLockHoldersStatementShowsNoPassword() throws Exception {
        String secret =
                "hunter2-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        long key = ThreadLocalRandom.current().nextLong();
        try (Connection holder = database.connect();
                Statement statement = holder.createStatement()) {
            statement.execute("select pg_advisory_lock(" + key + ")");
            CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
                try {
                    statement.execute("select pg_sleep(60) -- alter role someone password '" + secret + "'");
                } catch (SQLException cancelled) {
                    // cancelled below
                }
            });
            try {
                awaitCount(
                        "select count(*) from pg_stat_activity where state = 'active' and pid <> pg_backend_pid() and query like '%"
                                + secret + "%'",
                        1);
                Migrator migrator = migrator()
                        .lockKey(key)
                        .lockTimeout(Duration.ofMillis(300))
                        .build();
                folder.add("1_a.sql", "select 1;", "select 1;");

                LockInfo lock = migrator.status().lock();
                assertThat(lock.holder()).isNotNull();
                assertThat(lock.holder().description())
                        .contains("password '***'")
                        .doesNotContain(secret);
                assertThat(lock.holder().details().get("query"))
                        .contains("password '***'")
                        .doesNotContain(secret);
                assertThatThrownBy(migrator::up)
                        .isInstanceOf(LockException.class)
                        .hasMessageContaining("password '***'")
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
            } finally {
                statement.cancel();
                running.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private void terminate(int pid) throws SQLException {
        try (Connection other = database.connect();
                Statement statement = other.createStatement()) {
            statement.execute("select pg_terminate_backend(" + pid + ")");
        }
        try {
            awaitCount("select count(*) from pg_stat_activity where pid = " + pid, 0);
        } catch (SQLException | RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private void awaitCount(String sql, long expected) throws Exception {
        Eventually.until(expected + " from " + sql, () -> count(sql) == expected);
    }

    private static String stackTrace(Throwable failure) {
        StringWriter out = new StringWriter();
        failure.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    private List<String> historyIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        if (count("select count(*) from information_schema.tables where table_name = '" + table + "'") == 0) {
            return ids;
        }
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select id from " + table + " order by 1")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
