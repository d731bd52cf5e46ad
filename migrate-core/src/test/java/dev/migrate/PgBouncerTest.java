package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.lock.LockSettings;
import dev.migrate.internal.lock.MigrationLocks;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.InterceptingDataSource;
import dev.migrate.testing.LogCapture;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.PgBouncer;
import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Through a real PgBouncer in transaction pooling mode ({@code bash .ci/run} starts one on
 * 127.0.0.1:6432 with {@code server_round_robin = 1}): the table lease keeps each migration to one
 * run with eight JVMs at once and with a killed holder, pgjdbc's default prepared statements work,
 * the connection goes back as it came, and a session lock, which protects nothing there, is
 * refused. The test databases are created on PostgreSQL directly and reached through PgBouncer by
 * name; observers connect directly.
 */
@Tag("external-tools")
class PgBouncerTest {

    private static final int REPLICAS = 8;

    @TempDir
    Path temp;

    @Test
    void eightProcessesThroughPgBouncerWithTableLeaseApplyEachMigrationOnce() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add(
                        "01_items.sql",
                        "create table items (id serial primary key, name text not null);",
                        "drop table items;")
                .add(
                        "02_seed.sql",
                        "-- +migrate Up notransaction\ninsert into items (name) values ('seed');\n\n"
                                + "-- +migrate Down\ndelete from items where name = 'seed';\n")
                .add(
                        "03_index.sql",
                        "-- +migrate Up notransaction\ncreate index concurrently items_name on items (name);\n\n"
                                + "-- +migrate Down notransaction\ndrop index concurrently items_name;\n");
        // More history writes than pgjdbc's prepareThreshold (5): the same insert is prepared on the server.
        for (int i = 4; i <= 11; i++) {
            folder.add(String.format("%02d_t.sql", i), "create table t" + i + " (id int);", "drop table t" + i + ";");
        }
        folder.add("12_after.sql", "insert into items (name) values ('after');", "delete from items;");
        try (TestDatabase db = TestDatabase.postgres("bouncer8")) {
            String url = PgBouncer.urlFor(db);
            List<ReplicaProcess> replicas = new ArrayList<>();
            try (Connection holder = db.connect();
                    LockHandle held = MigrationLocks.create(
                                    new LockSettings(
                                            LockType.TABLE_LEASE,
                                            null,
                                            Duration.ofMinutes(1),
                                            Duration.ofSeconds(30),
                                            Duration.ZERO),
                                    Dialects.detect(holder),
                                    new TableName(null, Migrator.DEFAULT_TABLE),
                                    db.dataSource(),
                                    holder)
                            .acquire(holder)) {
                for (int i = 0; i < REPLICAS; i++) {
                    replicas.add(ReplicaProcess.start(
                            url,
                            db.user(),
                            db.password(),
                            folder.location(),
                            "bouncer-" + i,
                            120,
                            temp,
                            "table-lease",
                            "30000"));
                }
                // Each replica logs "Waiting" after 5 s of polling, past prepareThreshold tries of the same insert.
                awaitOutput(replicas, "Waiting", 90_000);
            }
            int executed = 0;
            for (ReplicaProcess replica : replicas) {
                assertThat(replica.awaitExit(120))
                        .as(replica.name + ":\n" + replica.output())
                        .isZero();
                assertThat(replica.output()).doesNotContain("prepared statement");
                executed += replica.executed();
            }
            assertThat(executed).isEqualTo(12);
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select id from gorp_migrations"))
                        .hasSize(12);
                assertThat(strings(connection, "select name from items")).containsExactly("after", "seed");
                assertThat(strings(
                                connection,
                                "select indisvalid::text from pg_index" + " where indexrelid = 'items_name'::regclass"))
                        .containsExactly("true");
            }
        }
    }

    @Test
    void sixProcessesBootingThroughPgBouncerOnAnOlderSideTableAddItsColumnOnce() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("bouncer_oldside")) {
            MultiProcessMigrationTest.bootOnAnOlderSideTable(
                    db, PgBouncer.urlFor(db), "\"fingerprint\"", temp, "table-lease", "30000");
        }
    }

    @Test
    void aNoOpBootThroughPgBouncerRecordsTheFingerprintsItFoundStale() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("stale"));
        for (int i = 1; i <= 8; i++) {
            folder.add(String.format("%02d_t.sql", i), "create table t" + i + " (id int);", "drop table t" + i + ";");
        }
        Instant applied = Instant.now().minus(Duration.ofHours(2));
        setTimes(folder, applied);
        try (TestDatabase db = TestDatabase.postgres("bouncer_stale");
                LogCapture log = new LogCapture()) {
            String url = PgBouncer.urlFor(db);
            // several clients' connections, each numbering its server-prepared statements from S_1,
            // share PgBouncer's server connections
            for (int boot = 0; boot < 3; boot++) {
                Migrator.builder(new DriverManagerDataSource(url, db.user(), db.password()))
                        .locations(folder.location())
                        .lockType(LockType.TABLE_LEASE)
                        .build()
                        .up();
            }
            // another client's statement named as pgjdbc names its first server-prepared one, on
            // every server connection of the pool (all taken at once, each in a transaction)
            plantPreparedStatementS1(url, db, 20);
            // a new image: every file has a new time, so each boot finds every fingerprint stale
            setTimes(folder, applied.plus(Duration.ofMinutes(30)));
            for (int boot = 0; boot < 3; boot++) {
                assertThat(leased(new DriverManagerDataSource(url, db.user(), db.password()), folder)
                                .up()
                                .count())
                        .isZero();
            }
            assertThat(log.lines()).noneMatch(line -> line.startsWith("WARN"));
            try (Connection direct = db.connect()) {
                assertThat(strings(direct, "select fingerprint from gorp_migrations_migrate"))
                        .hasSize(8)
                        .allSatisfy(fingerprint -> assertThat(fingerprint)
                                .startsWith("file:")
                                .contains(":" + nanos(applied.plus(Duration.ofMinutes(30))) + "/"));
            }
            // the boots after it send the catalog digest alone, more often on one pooled server
            // connection than pgjdbc's prepareThreshold, and read no history row
            try (HikariDataSource pool = db.pool(url, 1)) {
                List<String> sent = new CopyOnWriteArrayList<>();
                Migrator migrator = Migrator.builder(new InterceptingDataSource(pool, (c, sql) -> sent.add(sql)))
                        .locations(folder.location())
                        .lockType(LockType.TABLE_LEASE)
                        .build();
                for (int boot = 0; boot < 8; boot++) {
                    assertThat(migrator.up().count()).isZero();
                }
                assertThat(sent)
                        .filteredOn(sql -> sql.startsWith("select count(*) || ':' || coalesce(sum(hashtextextended("))
                        .hasSize(8);
                assertThat(sent).noneMatch(sql -> sql.startsWith("select \"id\", null"));
            }
            assertThat(log.lines()).noneMatch(line -> line.startsWith("WARN"));
        }
    }

    @Test
    void aServiceCallsStatusAndUpAgainAndAgainThroughOnePooledConnectionBehindPgBouncer() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("again"));
        for (int i = 1; i <= 3; i++) {
            folder.add(String.format("%02d_t.sql", i), "create table t" + i + " (id int);", "drop table t" + i + ";");
        }
        setTimes(folder, Instant.now().minus(Duration.ofHours(2)));
        try (TestDatabase db = TestDatabase.postgres("bouncer_again");
                HikariDataSource pool = db.pool(PgBouncer.urlFor(db), 1)) {
            String url = PgBouncer.urlFor(db);
            Migrator migrator = leased(pool, folder);
            assertThat(migrator.up().count()).isEqualTo(3);
            // another client's statements named as pgjdbc names its server-prepared ones
            plantPreparedStatementS1(url, db, 20);
            // a health check and a scheduled job call the same Migrator more often than pgjdbc's
            // prepareThreshold (5) on the pool's one client connection, whose statements PgBouncer
            // sends on whichever server connection is free
            for (int call = 0; call < 12; call++) {
                assertThat(migrator.status().migrations()).hasSize(3);
                assertThat(migrator.up().count()).isZero();
                assertThat(leased(pool, folder).up().count()).isZero();
            }
        }
    }

    @Test
    void aTableLeaseBeatsMoreOftenThanPrepareThresholdOnOnePooledConnectionBehindPgBouncer() throws Exception {
        // heartbeats every second (a third of the lease) on another connection of the pool for 8 s
        MigrationFolder folder =
                new MigrationFolder(temp.resolve("beats")).add("1_slow.sql", "select pg_sleep(8);", "select 1;");
        try (TestDatabase db = TestDatabase.postgres("bouncer_beats");
                LogCapture log = new LogCapture()) {
            String url = PgBouncer.urlFor(db);
            // three connections: the run's, the blocker watch's, the heartbeat's
            try (HikariDataSource pool = db.pool(url, 3)) {
                plantPreparedStatementS1(url, db, 20);
                MigrateResult result = Migrator.builder(pool)
                        .locations(folder.location())
                        .lockType(LockType.TABLE_LEASE)
                        .leaseTime(Duration.ofSeconds(3))
                        .build()
                        .up();
                assertThat(result.executed()).hasSize(1);
            }
            assertThat(log.lines()).noneMatch(line -> line.contains("Could not extend"));
        }
    }

    /** A Migrator of {@code folder} with a table lease, the lock that works behind PgBouncer. */
    private static Migrator leased(DataSource dataSource, MigrationFolder folder) {
        return Migrator.builder(dataSource)
                .locations(folder.location())
                .lockType(LockType.TABLE_LEASE)
                .build();
    }

    /** {@code prepare "S_1"} on {@code count} server connections behind PgBouncer, all held at once. */
    private static void plantPreparedStatementS1(String url, TestDatabase db, int count) throws SQLException {
        List<Connection> clients = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                Connection client = DriverManager.getConnection(url, db.user(), db.password());
                clients.add(client);
                client.unwrap(PGConnection.class).setPrepareThreshold(0); // its own statements unnamed
                client.setAutoCommit(false);
                try (Statement statement = client.createStatement()) {
                    statement.execute("prepare \"S_1\" as select 1");
                } catch (SQLException e) {
                    if (!"42P05".equals(e.getSQLState())) { // duplicate_prepared_statement: there already
                        throw e;
                    }
                }
            }
            for (Connection client : clients) {
                client.rollback(); // PREPARE is not undone by a rollback
            }
        } finally {
            for (Connection client : clients) {
                client.close();
            }
        }
    }

    private static long nanos(Instant time) {
        return TimeUnit.SECONDS.toNanos(time.getEpochSecond()) + time.getNano();
    }

    private static void setTimes(MigrationFolder folder, Instant time) throws IOException {
        try (Stream<Path> files = Files.list(folder.directory())) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(time));
            }
        }
    }

    @Test
    void aKilledLeaseHolderBehindPgBouncerIsReplacedAndEachMigrationRunsOnce() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_items.sql", "create table items (name text not null);", "drop table items;")
                .add(
                        "2_slow.sql",
                        "insert into items (name) values ('slow');\nselect pg_sleep(seconds) from kill_switch;",
                        "delete from items where name = 'slow';")
                .add("3_after.sql", "insert into items (name) values ('after');", "delete from items;");
        try (TestDatabase db = TestDatabase.postgres("bouncerkill");
                Connection observer = db.connect()) {
            execute(observer, "create table kill_switch (seconds int)");
            execute(observer, "insert into kill_switch values (30)");
            String url = PgBouncer.urlFor(db);
            ReplicaProcess first = ReplicaProcess.start(
                    url, db.user(), db.password(), folder.location(), "kill-a", 60, temp, "table-lease", "1500");
            try {
                awaitSleeping(observer, db.name());
                execute(observer, "delete from kill_switch"); // the next run of 2_slow does not sleep
                first.process.destroyForcibly(); // SIGKILL: no release, no rollback from the client
                first.process.waitFor(10, TimeUnit.SECONDS);

                ReplicaProcess next = ReplicaProcess.start(
                        url, db.user(), db.password(), folder.location(), "kill-b", 60, temp, "table-lease", "1500");
                assertThat(next.awaitExit(60)).as(next.output()).isZero();
                assertThat(next.executed())
                        .as(first.output() + "\n----\n" + next.output())
                        .isEqualTo(2);
                assertThat(next.output()).contains("Took over the expired migration lease");
                assertThat(strings(observer, "select id from gorp_migrations"))
                        .containsExactly("1_items.sql", "2_slow.sql", "3_after.sql");
                assertThat(strings(observer, "select name from items")).containsExactly("after", "slow");
            } finally {
                first.process.destroyForcibly();
            }
        }
    }

    @Test
    void connectionGoesBackToThePoolAsItCameBehindPgBouncer() throws Exception {
        String owner = SessionRestoreTest.uniqueName("mt_owner_");
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                // Behind transaction pooling a migration's settings are SET LOCAL: a session SET would
                // stay on a server connection that another client gets next.
                .add(
                        "1_owned.sql",
                        "-- +migrate Up\nset local session_replication_role = replica;\nset local role " + owner
                                + ";\ncreate table owned (id int);\nset local work_mem = '7MB';\n")
                .add("2_settings.sql", "-- +migrate Up notransaction\ncreate table more (id int);\n");
        try (TestDatabase db = TestDatabase.postgres("bouncersession")) {
            SessionRestoreTest.createRole(db, owner);
            try (HikariDataSource pool = db.pool(PgBouncer.urlFor(db), 1)) {
                Map<String, String> before;
                int prepareThreshold;
                try (Connection app = pool.getConnection()) {
                    execute(app, "set statement_timeout = '17s'");
                    before = SessionSnapshot.postgres(app);
                    prepareThreshold = app.unwrap(PGConnection.class).getPrepareThreshold();
                }
                MigrateResult result = Migrator.builder(pool)
                        .locations(folder.location())
                        .lockType(LockType.TABLE_LEASE)
                        .build()
                        .up();
                assertThat(result.executed()).hasSize(2);
                try (Connection app = pool.getConnection()) {
                    assertThat(SessionSnapshot.postgres(app)).isEqualTo(before);
                    assertThat(app.unwrap(PGConnection.class).getPrepareThreshold())
                            .as("the driver's prepareThreshold, set to 0 for the run behind the proxy")
                            .isEqualTo(prepareThreshold)
                            .isEqualTo(5);
                }
                try (Connection direct = db.connect()) {
                    assertThat(strings(
                                    direct,
                                    "select tablename || ' ' || tableowner from pg_tables"
                                            + " where tablename in ('owned', 'more') order by tablename"))
                            .containsExactly("more " + db.user(), "owned " + owner);
                    assertThat(strings(direct, "select id from gorp_migrations"))
                            .containsExactly("1_owned.sql", "2_settings.sql");
                    assertThat(strings(direct, "select owner_token from gorp_migrations_lock"))
                            .as("the lease was released on the run's connection, after its role was put back")
                            .isEmpty();
                }
            } finally {
                SessionRestoreTest.dropRole(db, owner);
            }
        }
    }

    @Test
    void aSessionLockThroughTransactionPoolingIsRefused() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_items.sql", "create table items (name text);", "drop table items;");
        try (TestDatabase db = TestDatabase.postgres("bouncerrefuse")) {
            String url = PgBouncer.urlFor(db);
            requireChangingServerConnections(url, db);

            assertThatThrownBy(() -> Migrator.builder(new DriverManagerDataSource(url, db.user(), db.password()))
                            .locations(folder.location())
                            .lockType(LockType.POSTGRES_ADVISORY)
                            .build()
                            .up())
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("transaction mode")
                    .hasMessageContaining("table-lease")
                    .hasMessageContaining("The lock was released");
            try (Connection direct = db.connect()) {
                assertThat(strings(direct, "select tablename from pg_tables where schemaname = 'public'"))
                        .as("nothing ran")
                        .isEmpty();
                assertThat(strings(
                                direct,
                                "select pid from pg_locks where locktype = 'advisory' and database ="
                                        + " (select oid from pg_database where datname = current_database())"))
                        .as("no server connection keeps the lock")
                        .isEmpty();
            }
        }
    }

    @Test
    void fourProcessesWithTheDefaultLockBehindADefaultPgBouncerRunEachNoTransactionInsertOnce() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_items.sql", "create table items (name text not null);", "drop table items;")
                .add(
                        "2_seed.sql",
                        "-- +migrate Up notransaction\ninsert into items (name) values ('first');\n"
                                + "select pg_sleep(3);\ninsert into items (name) values ('second');\n\n"
                                + "-- +migrate Down\ndelete from items;\n")
                .add(
                        "3_more.sql",
                        "-- +migrate Up notransaction\ninsert into items (name) values ('third');\n\n"
                                + "-- +migrate Down\ndelete from items where name = 'third';\n");
        for (int round = 1; round <= 2; round++) {
            try (TestDatabase db = TestDatabase.postgres("bouncerdefaults")) {
                String url = PgBouncer.defaultsUrlFor(db);
                List<ReplicaProcess> replicas = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    // no lock type: auto, the default
                    replicas.add(ReplicaProcess.start(
                            url,
                            db.user(),
                            db.password(),
                            folder.location(),
                            "defaults-" + round + "-" + i,
                            120,
                            temp));
                }
                StringBuilder outputs = new StringBuilder();
                for (ReplicaProcess replica : replicas) {
                    replica.awaitExit(120);
                    outputs.append(replica.name).append(":\n").append(replica.output());
                }
                try (Connection connection = db.connect()) {
                    assertThat(strings(connection, "select name from items order by name"))
                            .as("each insert ran exactly once (round " + round + ")\n" + outputs)
                            .containsExactly("first", "second", "third");
                    assertThat(strings(connection, "select id from gorp_migrations"))
                            .containsExactly("1_items.sql", "2_seed.sql", "3_more.sql");
                }
                int executed = 0;
                for (ReplicaProcess replica : replicas) {
                    assertThat(replica.awaitExit(1))
                            .as(replica.name + ":\n" + replica.output())
                            .isZero();
                    if (replica.executed() > 0) {
                        assertThat(replica.output()).contains("the automatic lock is table-lease");
                    }
                    executed += replica.executed();
                }
                assertThat(executed).isEqualTo(3);
            }
        }
    }

    @Test
    void anExplicitAdvisoryLockBehindADefaultPgBouncerIsNotTakenAgainOnTheServerConnectionThatHoldsIt()
            throws Exception {
        long key = 4_242_4242L;
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_items.sql", "create table items (name text);", "drop table items;");
        try (TestDatabase db = TestDatabase.postgres("bouncerreentrant");
                Connection direct = db.connect()) {
            String url = PgBouncer.defaultsUrlFor(db);
            int holder;
            try (Connection other = DriverManager.getConnection(url, db.user(), db.password());
                    Statement statement = other.createStatement();
                    ResultSet row = statement.executeQuery("select pg_advisory_lock(" + key + "), pg_backend_pid()")) {
                // Another client's session lock, left on a server connection the pool hands out next.
                row.next();
                holder = row.getInt(2);
            }
            try {
                assertThatThrownBy(() -> Migrator.builder(new DriverManagerDataSource(url, db.user(), db.password()))
                                .locations(folder.location())
                                .lockType(LockType.POSTGRES_ADVISORY)
                                .lockKey(key)
                                .lockTimeout(Duration.ofSeconds(3))
                                .build()
                                .up())
                        .isInstanceOfSatisfying(
                                LockException.class,
                                e -> assertThat(e.reason()).isEqualTo(LockException.Reason.TIMED_OUT));
                assertThat(strings(direct, "select tablename from pg_tables where schemaname = 'public'"))
                        .as("nothing ran while another client's lock was held")
                        .isEmpty();
            } finally {
                execute(direct, "select pg_terminate_backend(" + holder + ")");
            }
        }
    }

    @Test
    void theDdlGuardBehindRoundRobinPgBouncerUsesSetLocalAndLeavesNoSessionStateOnServerConnections() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("bouncerguardrr")) {
            guardBehindPgBouncer(db, PgBouncer.urlFor(db), 20);
        }
    }

    @Test
    void theDdlGuardBehindADefaultPgBouncerUsesSetLocalAndLeavesNoSessionStateOnServerConnections() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("bouncerguard")) {
            guardBehindPgBouncer(db, PgBouncer.defaultsUrlFor(db), PgBouncer.DEFAULTS_POOL_SIZE);
        }
    }

    /**
     * A migration that alters a table another session reads in an open transaction: through the
     * proxy the guard's lock wait still cuts each try short (it is set per transaction), the run
     * succeeds once the blocker ends, and afterwards none of the proxy's server connections has a
     * session setting the run made.
     */
    private void guardBehindPgBouncer(TestDatabase db, String url, int poolSize) throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_note.sql", "alter table busy add column note int;", "alter table busy drop column note;");
        List<DdlLockRetry> retries = new CopyOnWriteArrayList<>();
        try (Connection blocker = db.connect()) {
            execute(blocker, "create table busy (id int)");
            blocker.setAutoCommit(false);
            execute(blocker, "select count(*) from busy");
            CompletableFuture<MigrateResult> run = CompletableFuture.supplyAsync(
                    () -> Migrator.builder(new DriverManagerDataSource(url, db.user(), db.password()))
                            .locations(folder.location())
                            .lockType(LockType.TABLE_LEASE)
                            .ddlLockTimeout(Duration.ofMillis(500))
                            .ddlLockRetryListener(retries::add)
                            .build()
                            .up());
            Eventually.until("two lock retries through the proxy", Duration.ofSeconds(60), () -> {
                if (run.isDone()) {
                    run.join();
                }
                return retries.size() >= 2;
            });
            blocker.commit();
            assertThat(run.get(60, TimeUnit.SECONDS).count()).isEqualTo(1);
        }
        assertThat(onEveryServerConnection(
                        url,
                        db,
                        poolSize,
                        "select pg_backend_pid() || ': ' || name || ' = ' || setting from pg_settings"
                                + " where source = 'session' and name not in ('application_name',"
                                + " 'client_encoding', 'DateStyle', 'TimeZone', 'standard_conforming_strings')"))
                .as("session settings left on the proxy's server connections")
                .isEmpty();
        try (Connection direct = db.connect()) {
            assertThat(strings(
                            direct,
                            "select pid::text from pg_stat_activity where datname = current_database()"
                                    + " and application_name = '" + Migrator.DEFAULT_APPLICATION_NAME + "'"))
                    .as("server connections that kept migrate's application_name")
                    .isEmpty();
        }
    }

    /**
     * The rows {@code sql} answers on each server connection of the proxy's pool (at most {@code
     * poolSize}), each client pinned to one by an open transaction.
     */
    private static List<String> onEveryServerConnection(String url, TestDatabase db, int poolSize, String sql)
            throws Exception {
        List<Connection> clients = new ArrayList<>();
        try {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < poolSize; i++) {
                Connection client = DriverManager.getConnection(url, db.user(), db.password());
                clients.add(client);
                client.setAutoCommit(false);
                rows.addAll(strings(client, sql));
            }
            return rows;
        } finally {
            for (Connection client : clients) {
                client.close();
            }
        }
    }

    /**
     * Opens two server connections, then checks that one client's two statements in a row run in
     * different server processes, as they do with {@code server_round_robin = 1}.
     */
    private static void requireChangingServerConnections(String url, TestDatabase db) throws SQLException {
        try (Connection a = DriverManager.getConnection(url, db.user(), db.password());
                Connection b = DriverManager.getConnection(url, db.user(), db.password())) {
            a.setAutoCommit(false);
            b.setAutoCommit(false);
            backendPid(a);
            backendPid(b);
            a.commit();
            b.commit();
        }
        try (Connection client = DriverManager.getConnection(url, db.user(), db.password())) {
            int first = backendPid(client);
            assertThat(backendPid(client))
                    .as("PgBouncer at " + url + " must run in pool_mode = transaction with server_round_robin = 1,"
                            + " as .ci/run starts it, so that a client's next statement runs on another server"
                            + " connection")
                    .isNotEqualTo(first);
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        }
    }

    private static void awaitOutput(List<ReplicaProcess> replicas, String text, long timeoutMillis) throws Exception {
        for (ReplicaProcess replica : replicas) {
            Eventually.until(replica.name + " logging '" + text + "'", Duration.ofMillis(timeoutMillis), () -> {
                boolean logged =
                        Files.exists(replica.output) && replica.output().contains(text);
                if (!logged && !replica.process.isAlive()) {
                    throw new AssertionError(
                            replica.name + " ended without logging '" + text + "':\n" + replica.output());
                }
                return logged;
            });
        }
    }

    /** Waits until a backend of {@code database} runs the slow statement. */
    private static void awaitSleeping(Connection observer, String database) throws Exception {
        Eventually.until("the first replica running the slow statement", () -> {
            try (PreparedStatement statement = observer.prepareStatement("select count(*) from pg_stat_activity"
                    + " where datname = ? and state = 'active' and pid <> pg_backend_pid()"
                    + " and query like '%pg_sleep(seconds)%'")) {
                statement.setString(1, database);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getInt(1) > 0;
                }
            }
        });
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
