package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.ForwardingDataSource;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one more migration costs in round trips on PostgreSQL, where DDL is transactional: its
 * statements, its history row and its side row go to the database in one batch, and the commit
 * follows (2 round trips), not a batch, a role switch, two history writes and a commit (5).
 */
class ColdApplyRoundTripsTest {

    @TempDir
    Path temp;

    @Test
    void eachTransactionalMigrationCostsItsBatchAndItsCommit() throws Exception {
        int one = roundTripsOfAColdApply("coldtripsone", 1);
        int five = roundTripsOfAColdApply("coldtripsfive", 5);

        assertThat(five - one).as("round trips of 4 more migrations").isEqualTo(4 * 2);
    }

    /**
     * A file applied now gets its fingerprint with its side row, in the batch that records it, not
     * in an update of the side table after the run; its side rows hold them.
     */
    @Test
    void theFingerprintsOfFilesAppliedNowGoWithTheirSideRowsNotInAnUpdateAfter() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("coldtripsaged")) {
            MigrationFolder folder = aged(migrations("aged", 3));
            CountingDataSource counting = new CountingDataSource(db.dataSource());
            Migrator.builder(counting).locations(folder.location()).build().up();

            assertThat(counting.sql)
                    .as("statements sent")
                    .anyMatch(sql -> sql.startsWith("insert into \"public\".\"gorp_migrations_migrate\""))
                    .noneMatch(sql -> sql.startsWith("update"));
            try (Connection connection = db.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "select id, fingerprint, checksum from gorp_migrations_migrate order by id")) {
                for (int n = 1; n <= 3; n++) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo(n + "_table.sql");
                    assertThat(rows.getString(2))
                            .as("the fingerprint, bound to the checksum")
                            .startsWith("file:")
                            .endsWith("/" + rows.getString(3).substring(0, 16));
                }
                assertThat(rows.next()).isFalse();
            }
        }
    }

    /**
     * A no-op {@code up()} is one round trip: the planning read. The log line's database name
     * comes from the URL, not from {@code getCatalog()}, which the PostgreSQL driver answers with
     * a query of its own ({@code select current_catalog}) on each new connection.
     */
    @Test
    void aNoOpUpIsOneRoundTrip() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("coldtripsnoop")) {
            MigrationFolder folder = aged(migrations("noop", 3));
            Migrator.builder(db.dataSource())
                    .locations(folder.location())
                    .build()
                    .up();

            CountingDataSource counting = new CountingDataSource(db.dataSource());
            MigrateResult result = Migrator.builder(counting)
                    .locations(folder.location())
                    .build()
                    .up();

            assertThat(result.count()).isZero();
            assertThat(counting.roundTrips.get())
                    .as("round trips of a no-op up()")
                    .isEqualTo(1);
        }
    }

    @Test
    void theBatchedHistoryWritesRecordWhatTheSeparateOnesDid() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("coldtripsrows")) {
            MigrationFolder folder = migrations("rows", 2);
            Migrator.builder(db.dataSource())
                    .locations(folder.location())
                    .build()
                    .up();

            try (Connection connection = db.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select h.id, h.applied_at is not null, s.checksum,"
                            + " s.execution_ms >= 0, s.applied_by, s.state, s.failed_line, s.message,"
                            + " s.updated_at is not null from gorp_migrations h join gorp_migrations_migrate s"
                            + " on s.id = h.id order by h.id")) {
                for (int n = 1; n <= 2; n++) {
                    assertThat(rows.next()).isTrue();
                    assertThat(rows.getString(1)).isEqualTo(n + "_table.sql");
                    assertThat(rows.getBoolean(2)).isTrue();
                    assertThat(rows.getString(3)).hasSize(64);
                    assertThat(rows.getBoolean(4)).isTrue();
                    assertThat(rows.getString(5))
                            .contains(String.valueOf(ProcessHandle.current().pid()));
                    assertThat(rows.getString(6)).isEqualTo("applied");
                    assertThat(rows.getObject(7)).isNull();
                    assertThat(rows.getObject(8)).isNull();
                    assertThat(rows.getBoolean(9)).isTrue();
                }
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void aHistoryWriteThatFailsInTheLastBatchIsReportedAsTheHistoryWriteAndRollsTheMigrationBack() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("coldtripsrefused")) {
            MigrationFolder folder = migrations("refused", 1)
                    .add(
                            "2_refuse.sql",
                            "create function refuse() returns trigger language plpgsql as $$"
                                    + " begin raise exception 'history refused'; end $$;\n"
                                    + "create table refused_things (id int);\n"
                                    + "create trigger refuse before insert on gorp_migrations"
                                    + " for each row execute function refuse();",
                            "drop table refused_things;");
            Migrator migrator = Migrator.builder(db.dataSource())
                    .locations(folder.location())
                    .build();

            assertThatThrownBy(migrator::up).isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                assertThat(e.line()).isZero();
                assertThat(e.getMessage()).contains("could not record 2_refuse.sql in the history");
                assertThat(e.getMessage()).contains("history refused");
            });
            try (Connection connection = db.connect();
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("select to_regclass('refused_things') is null,"
                            + " (select count(*) from gorp_migrations)")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getBoolean(1)).as("the migration rolled back").isTrue();
                assertThat(rows.getInt(2)).isEqualTo(1);
            }
        }
    }

    private int roundTripsOfAColdApply(String database, int migrations) throws Exception {
        try (TestDatabase db = TestDatabase.postgres(database)) {
            CountingDataSource counting = new CountingDataSource(db.dataSource());
            Migrator.builder(counting)
                    .locations(migrations(database, migrations).location())
                    .build()
                    .up();
            return counting.roundTrips.get();
        }
    }

    /** Older than the fingerprint rule's two seconds: recorded when applied, trusted after. */
    private static MigrationFolder aged(MigrationFolder folder) throws Exception {
        try (Stream<Path> files = Files.list(folder.directory())) {
            for (Path file : files.toList()) {
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            }
        }
        return folder;
    }

    private MigrationFolder migrations(String name, int count) throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve(name));
        for (int n = 1; n <= count; n++) {
            folder.add(
                    n + "_table.sql",
                    "create table t" + n + " (id int primary key, name text);\n"
                            + "create index t" + n + "_name on t" + n + " (name);\n"
                            + "insert into t" + n + " values (1, 'one');\n"
                            + "insert into t" + n + " values (2, 'two');",
                    "drop table t" + n + ";");
        }
        return folder;
    }

    /**
     * Counts the JDBC calls that go to the server: every {@code execute…} of a statement (a batch
     * is one), every commit and rollback, and {@code getCatalog()} (the PostgreSQL driver's first
     * call on a connection is a query).
     */
    private static final class CountingDataSource extends ForwardingDataSource {

        final AtomicInteger roundTrips = new AtomicInteger();
        /** The SQL of every statement prepared, executed or batched, in order. */
        final List<String> sql = new CopyOnWriteArrayList<>();

        CountingDataSource(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = target.getConnection();
            return proxy(Connection.class, connection, (proxy, method, args) -> {
                String name = method.getName();
                if (name.equals("commit") || name.equals("rollback") || name.equals("getCatalog")) {
                    roundTrips.incrementAndGet();
                }
                if (name.startsWith("prepare") && args != null && args[0] instanceof String text) {
                    sql.add(text);
                }
                Object result = forward(connection, method, args);
                if (result instanceof CallableStatement) {
                    return result;
                }
                if (result instanceof PreparedStatement prepared) {
                    return proxy(PreparedStatement.class, prepared, counting(prepared));
                }
                if (result instanceof Statement statement) {
                    return proxy(Statement.class, statement, counting(statement));
                }
                return result;
            });
        }

        private InvocationHandler counting(Statement statement) {
            return (proxy, method, args) -> {
                if (method.getName().startsWith("execute")) {
                    roundTrips.incrementAndGet();
                }
                if ((method.getName().startsWith("execute") || method.getName().equals("addBatch"))
                        && args != null
                        && args.length > 0
                        && args[0] instanceof String text) {
                    sql.add(text);
                }
                return forward(statement, method, args);
            };
        }

        @SuppressWarnings("unchecked")
        private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
            return (T) Proxy.newProxyInstance(
                    ColdApplyRoundTripsTest.class.getClassLoader(), new Class<?>[] {type}, handler);
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            throw new SQLFeatureNotSupportedException();
        }
    }
}
