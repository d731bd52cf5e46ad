package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every read of a run is bounded (DESIGN.md, contract 3 item 14) on MariaDB: with another
 * connection holding {@code LOCK TABLES ... WRITE} on the history table, a no-op boot and a bounded
 * status fail within their bound, naming the tables, instead of waiting for the other session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundedReadsMariaDbTest {

    /** Far beyond every bound a test sets: reaching it means the call hung. */
    private static final long HANG_SECONDS = 60;

    private final TestDatabase db = TestDatabase.mariadb("boundedreads");
    private int tables;

    @TempDir
    Path temp;

    @AfterAll
    void dropDatabase() {
        db.close();
    }

    @Test
    void aNoOpBootAndABoundedStatusGiveUpWhileAnotherConnectionHoldsLockTablesWrite() throws Exception {
        String table = "history_" + (++tables);
        MigrationFolder folder = new MigrationFolder(temp.resolve(table))
                .add("1_a.sql", "create table " + table + "_a (id int);", "drop table " + table + "_a;");
        Migrator migrator = Migrator.builder(db.dataSource())
                .locations(folder.location())
                .table(table)
                .lockTimeout(Duration.ofSeconds(2))
                .build();
        migrator.up();
        try (Connection blocker = db.connect();
                Statement statement = blocker.createStatement()) {
            statement.execute("lock tables " + table + " write, " + table + "_migrate write");

            assertThat(failureOf(migrator::up))
                    .isInstanceOf(MigrationDatabaseException.class)
                    .hasMessageContaining("gave up after 2 s")
                    .hasMessageContaining(table + "_migrate");
            assertThat(failureOf(() -> migrator.status(Duration.ofSeconds(1))))
                    .isInstanceOf(MigrationDatabaseException.class)
                    .hasMessageContaining("gave up after 1 s");

            statement.execute("unlock tables");
        }
        assertThat(migrator.up().count()).isZero();
    }

    /** What {@code call} threw, failing the test when it returned or hung. */
    private static Throwable failureOf(Supplier<?> call) throws Exception {
        CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
            try {
                call.get();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        Throwable failure = outcome.get(HANG_SECONDS, TimeUnit.SECONDS);
        assertThat(failure).as("the call returned instead of failing").isNotNull();
        return failure;
    }
}
