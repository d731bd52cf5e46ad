package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.ForwardingDataSource;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import dev.migrate.testing.TestRole;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One history table and one lock whatever the search path does. PostgreSQL's default search path
 * is {@code "$user", public}: a migration that creates a schema named after the migrating role
 * puts that schema in front of {@code public} for every later statement and every later run. Each
 * test logs in as a role of its own, so that {@code "$user"} is this test's alone.
 */
class SearchPathTest {

    private static final String ARRIVED =
            "select count(*) from pg_stat_activity where datname = ?" + " and application_name = 'replica-b'";

    private static final String WAITING_AT_THE_GATE = "select count(*) from pg_locks l"
            + " join pg_database d on d.oid = l.database where d.datname = ?"
            + " and l.locktype = 'advisory' and not l.granted";

    @TempDir
    Path temp;

    @Test
    void aMigrationThatCreatesTheRolesOwnSchemaLeavesTheNextRunOnTheSameHistory() throws Exception {
        try (TestRole role = TestRole.postgres("sequential");
                TestDatabase db = TestDatabase.postgres("searchpathseq")) {
            TestRole.asAdministrator(db, "alter database " + db.name() + " owner to " + role.name());
            MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                    .add("1_own_schema.sql", "create schema " + role.name() + ";", "drop schema " + role.name() + ";")
                    .add("2_things.sql", "create table things (id int);", "drop table things;");
            Migrator migrator = Migrator.builder(role.dataSource(db))
                    .locations(folder.location())
                    .build();

            assertThat(migrator.up().count()).isEqualTo(2);
            try (Connection connection = role.dataSource(db).getConnection()) {
                // the role's own schema now comes first on its search path
                assertThat(strings(connection, "select current_schema()")).containsExactly(role.name());
            }
            MigrateResult again = migrator.up();
            folder.add("3_more.sql", "create table more_things (id int);", "drop table more_things;");
            MigrateResult third = migrator.up();

            assertThat(again.count()).isZero();
            assertThat(third.executed()).extracting(ExecutedMigration::id).containsExactly("3_more.sql");
            assertThat(migrator.status().applied()).hasSize(3);
            assertThat(migrator.status().pending()).isEmpty();
            try (Connection connection = db.connect()) {
                assertThat(historySchemas(connection)).containsExactly("public");
                assertThat(strings(connection, "select id from public.gorp_migrations order by id"))
                        .containsExactly("1_own_schema.sql", "2_things.sql", "3_more.sql");
            }
        }
    }

    @Test
    void aBootWithNothingToDoStaysOneStatementAndResolvesTheSchemaOnlyWhenThereIsWork() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("searchpathcost")) {
            MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                    .add("1_a.sql", "create table cost_a (id int);", "drop table cost_a;");
            List<String> statements = new ArrayList<>();
            DataSource counting = statementsOf(db.dataSource(), statements);
            Migrator migrator =
                    Migrator.builder(counting).locations(folder.location()).build();
            migrator.up();
            assertThat(statements).anyMatch(sql -> sql.contains("to_regclass"));

            statements.clear();
            assertThat(migrator.up().count()).isZero(); // reads the history the first run changed
            assertThat(statements).noneMatch(sql -> sql.contains("to_regclass"));
            statements.clear();
            assertThat(migrator.up().count()).isZero();

            assertThat(statements).hasSize(1);
            assertThat(statements.get(0)).contains("gorp_migrations").doesNotContain("to_regclass");
        }
    }

    /** A DataSource whose connections record the SQL of every statement they create. */
    private static DataSource statementsOf(DataSource target, List<String> statements) {
        return (DataSource) Proxy.newProxyInstance(
                SearchPathTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = ForwardingDataSource.forward(target, method, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(
                            SearchPathTest.class.getClassLoader(), new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("prepareStatement")
                                        || m.getName().equals("prepareCall")) {
                                    statements.add((String) a[0]);
                                } else if (m.getName().equals("createStatement")) {
                                    statements.add("(statement)");
                                }
                                return ForwardingDataSource.forward(connection, m, a);
                            });
                });
    }

    @Test
    void aReplicaThreadArrivingAfterTheRolesSchemaAppearedWaitsForTheSameLock() throws Exception {
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try {
            secondReplicaArrivesMidRun((db, role, folder) -> {
                Future<MigrateResult> b = threads.submit(() -> Migrator.builder(role.dataSource(db))
                        .locations(folder.location())
                        .applicationName("replica-b")
                        .build()
                        .up());
                return () -> b.get(120, TimeUnit.SECONDS).count();
            });
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aReplicaProcessArrivingAfterTheRolesSchemaAppearedWaitsForTheSameLock() throws Exception {
        secondReplicaArrivesMidRun((db, role, folder) -> {
            ReplicaProcess b = ReplicaProcess.start(
                    db.url(), role.name(), role.password(), folder.location(), "replica-b", 120, temp);
            return () -> {
                assertThat(b.awaitExit(120)).as(b.output()).isZero();
                return b.executed();
            };
        });
    }

    /**
     * Replica A (a thread) runs three migrations: the first creates the role's own schema, the
     * second waits at a gate the test holds. While A waits there, replica B starts as the same
     * role: its search path now leads to the new schema, where no history table is. B must find A's
     * history and wait for A's lock, then find nothing to do.
     */
    private void secondReplicaArrivesMidRun(SecondReplica second) throws Exception {
        long gate = ThreadLocalRandom.current().nextLong();
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (TestRole role = TestRole.postgres("midrun");
                TestDatabase db = TestDatabase.postgres("searchpathmidrun")) {
            TestRole.asAdministrator(db, "alter database " + db.name() + " owner to " + role.name());
            MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                    .add(
                            "1_own_schema.sql",
                            "create schema if not exists " + role.name()
                                    + ";\ncreate table if not exists public.runs (id text);\n"
                                    + "insert into public.runs values ('1');",
                            "delete from public.runs where id = '1';")
                    .add(
                            "2_gate.sql",
                            "select pg_advisory_xact_lock(" + gate + ");\ninsert into public.runs values ('2');",
                            "delete from public.runs where id = '2';")
                    .add(
                            "3_after.sql",
                            "insert into public.runs values ('3');",
                            "delete from public.runs where id = '3';");
            Future<MigrateResult> a;
            CountOf b;
            try (Connection admin = db.connect()) {
                query(admin, "select pg_advisory_lock(" + gate + ")");
                a = threads.submit(() -> Migrator.builder(role.dataSource(db))
                        .locations(folder.location())
                        .applicationName("replica-a")
                        .build()
                        .up());
                awaitOne(admin, WAITING_AT_THE_GATE, db.name(), "replica A waiting at the gate");
                assertThat(strings(admin, "select nspname from pg_namespace where nspname = '" + role.name() + "'"))
                        .as("A created the role's schema before waiting at the gate")
                        .containsExactly(role.name());

                b = second.start(db, role, folder);
                awaitOne(admin, ARRIVED, db.name(), "replica B connected");
                query(admin, "select pg_advisory_unlock(" + gate + ")");
            }

            assertThat(a.get(120, TimeUnit.SECONDS).count()).isEqualTo(3);
            assertThat(b.count()).as("migrations replica B ran").isZero();
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select id from public.runs order by id"))
                        .as("each migration ran once")
                        .containsExactly("1", "2", "3");
                assertThat(historySchemas(connection)).containsExactly("public");
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** The schemas holding a table named {@code gorp_migrations}. */
    private static List<String> historySchemas(Connection connection) throws Exception {
        return strings(
                connection,
                "select n.nspname from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                        + " where c.relname = 'gorp_migrations' order by 1");
    }

    private static void awaitOne(Connection connection, String sql, String database, String awaited) throws Exception {
        Eventually.until(awaited, () -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setString(1, database);
                try (ResultSet row = statement.executeQuery()) {
                    return row.next() && row.getInt(1) >= 1;
                }
            }
        });
    }

    private static void query(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet ignored = statement.executeQuery()) {
            // executed for its effect
        }
    }

    @FunctionalInterface
    private interface SecondReplica {
        CountOf start(TestDatabase db, TestRole role, MigrationFolder folder) throws Exception;
    }

    /** How many migrations the second replica ran, once it has finished. */
    @FunctionalInterface
    private interface CountOf {
        int count() throws Exception;
    }
}
