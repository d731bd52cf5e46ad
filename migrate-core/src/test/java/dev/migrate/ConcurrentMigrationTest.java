package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Many replicas in one JVM, each with its own DataSource, migrating one empty database at once. */
class ConcurrentMigrationTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void sixteenReplicasApplyEveryMigrationAndItsSideEffectsOnce(TestDatabase.Kind kind) throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_items.sql", "create table items (name varchar(40));", "drop table items;")
                .add("2_first.sql", "insert into items (name) values ('first');", "delete from items;")
                .add(
                        "3_second.sql",
                        "-- +migrate Up notransaction\ninsert into items (name) values ('second');\n\n"
                                + "-- +migrate Down\ndelete from items where name = 'second';\n");
        int replicas = 16;
        ExecutorService executor = Executors.newFixedThreadPool(replicas);
        try (TestDatabase db = TestDatabase.create(kind, "concurrent")) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<MigrateResult>> results = new ArrayList<>();
            for (int i = 0; i < replicas; i++) {
                Migrator migrator = Migrator.builder(db.dataSource())
                        .locations(folder.location())
                        .applicationName("replica-" + i)
                        .build();
                results.add(executor.submit(() -> {
                    start.await();
                    return migrator.up();
                }));
            }
            start.countDown();
            int executed = 0;
            for (Future<MigrateResult> result : results) {
                executed += result.get(120, TimeUnit.SECONDS).count();
            }
            assertThat(executed).isEqualTo(3);
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select * from " + history(connection)))
                        .containsExactly("1_items.sql", "2_first.sql", "3_second.sql");
                assertThat(strings(connection, "select name from items")).containsExactly("first", "second");
            }
        } finally {
            executor.shutdownNow();
        }
    }

    static String history(Connection connection) throws Exception {
        return Dialects.detect(connection).qualify(new TableName(null, Migrator.DEFAULT_TABLE));
    }

    /** The first column of every row, sorted. */
    static List<String> strings(Connection connection, String sql) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        values.sort(null);
        return values;
    }
}
