package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import dev.migrate.testing.TestRole;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Callbacks that act on the database as part of the run ({@link MigrateCallback#beforeMigrations},
 * {@link MigrateCallback#afterMigrations}) get the run's own connection while it holds the
 * migration lock, on PostgreSQL: a grant made there is in place when the run returns, and a second
 * replica waits until the callback is done.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LockedCallbackTest {

    private final TestDatabase database = TestDatabase.postgres("lockedcallbacks");
    private int counter;
    private String table;

    @TempDir
    Path temp;

    private MigrationFolder folder;

    @AfterAll
    void drop() {
        database.close();
    }

    @BeforeEach
    void fresh() {
        counter++;
        table = "history_" + counter;
        folder = new MigrationFolder(temp.resolve("migrations" + counter));
    }

    private Migrator.Builder migrator(MigrationFolder from) {
        return Migrator.builder(database.dataSource())
                .locations(from.location())
                .table(table);
    }

    @Test
    void afterMigrationsGrantsOnTheNewTablesOnTheRunsConnectionWhileItHoldsTheLock() throws Exception {
        String items = "locked_items_" + counter;
        folder.add("1_items.sql", "create table " + items + " (id int);", "drop table " + items + ";");
        List<String> calls = new CopyOnWriteArrayList<>();
        try (TestRole reader = TestRole.postgres("reader")) {
            MigrateCallback grants = new MigrateCallback() {
                @Override
                public void beforeRun(MigrateOperation operation) {
                    calls.add("beforeRun");
                }

                @Override
                public void beforeMigrations(LockedRun run) {
                    calls.add("beforeMigrations " + run.executed().size() + " lock held " + holdsLock(run));
                }

                @Override
                public void afterMigration(MigrateOperation operation, ExecutedMigration migration) {
                    calls.add("afterMigration " + migration.id());
                }

                @Override
                public void afterMigrations(LockedRun run) {
                    calls.add("afterMigrations " + run.operation() + " "
                            + run.executed().size() + " lock held " + holdsLock(run));
                    execute(run, "grant select on " + items + " to " + reader.name());
                }

                @Override
                public void afterRun(MigrateOperation operation, MigrateResult result) {
                    calls.add("afterRun " + result.count());
                }
            };

            migrator(folder).callbacks(grants).build().up();
            migrator(folder).callbacks(grants).build().up();

            assertThat(calls)
                    .containsExactly(
                            "beforeRun",
                            "beforeMigrations 0 lock held true",
                            "afterMigration 1_items.sql",
                            "afterMigrations UP 1 lock held true",
                            "afterRun 1",
                            // nothing pending: no lock, no connection for the callback
                            "beforeRun",
                            "afterRun 0");
            assertThat(jdbc().queryForObject(
                                    "select has_table_privilege(?, ?, 'select')", Boolean.class, reader.name(), items))
                    .isTrue();
            // the role can go only without its privileges
            TestRole.asAdministrator(database, "drop owned by " + reader.name());
        }
    }

    @Test
    void aSecondReplicaWaitsUntilTheAfterMigrationsCallbackReturned() throws Exception {
        String items = "waited_items_" + counter;
        folder.add("1_items.sql", "create table " + items + " (id int);", "drop table " + items + ";");
        // the second replica is a newer release: it has a migration of its own to apply
        MigrationFolder newer = new MigrationFolder(temp.resolve("newer" + counter))
                .add("1_items.sql", "create table " + items + " (id int);", "drop table " + items + ";")
                .add("2_more.sql", "alter table " + items + " add column v int;", "select 1;");
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        MigrateCallback slowRefresh = new MigrateCallback() {
            @Override
            public void afterMigrations(LockedRun run) {
                entered.countDown();
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                execute(run, "insert into " + items + " values (1)");
            }
        };
        CompletableFuture<MigrateResult> first = CompletableFuture.supplyAsync(
                () -> migrator(folder).callbacks(slowRefresh).build().up());
        assertThat(entered.await(60, TimeUnit.SECONDS))
                .as("the first replica reached afterMigrations")
                .isTrue();
        CompletableFuture<MigrateResult> second =
                CompletableFuture.supplyAsync(() -> migrator(newer).build().up());
        Thread.sleep(1500);
        assertThat(second)
                .as("the second replica waits for the lock the callback runs in")
                .isNotDone();
        release.countDown();

        assertThat(first.get(60, TimeUnit.SECONDS).count()).isEqualTo(1);
        MigrateResult waited = second.get(60, TimeUnit.SECONDS);
        assertThat(waited.executed()).extracting(ExecutedMigration::id).containsExactly("2_more.sql");
        assertThat(waited.lockWait()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(jdbc().queryForObject("select count(*) from " + items, Long.class))
                .isEqualTo(1);
    }

    @Test
    void aFailingAfterMigrationsCallbackLeavesTheRunsMigrationsAppliedAndReleasesTheLock() {
        folder.add("1_a.sql", "create table locked_fail_" + counter + " (id int);", "select 1;");
        MigrateCallback failing = new MigrateCallback() {
            @Override
            public void afterMigrations(LockedRun run) {
                throw new IllegalStateException("materialized view report does not exist");
            }
        };
        assertThatThrownBy(() -> migrator(folder).callbacks(failing).build().up())
                .isInstanceOf(MigrateCallbackException.class)
                .hasMessageContaining("afterMigrations")
                .hasMessageContaining("materialized view report does not exist");
        assertThat(jdbc().queryForList("select id from " + table, String.class)).containsExactly("1_a.sql");
        // the lock is free: a run that has work takes it at once
        folder.add("2_b.sql", "select 1;", "select 1;");
        assertThat(migrator(folder)
                        .lockTimeout(Duration.ofSeconds(5))
                        .build()
                        .up()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aFailingBeforeMigrationsCallbackRunsNoMigration() {
        folder.add("1_a.sql", "create table locked_never_" + counter + " (id int);", "select 1;");
        MigrateCallback refuse = new MigrateCallback() {
            @Override
            public void beforeMigrations(LockedRun run) {
                throw new IllegalStateException("replication lag too high");
            }
        };
        assertThatThrownBy(() -> migrator(folder).callbacks(refuse).build().up())
                .isInstanceOf(MigrateCallbackException.class)
                .hasMessageContaining("beforeMigrations");
        assertThat(migrator(folder).build().status().pending())
                .extracting(MigrationInfo::id)
                .containsExactly("1_a.sql");
    }

    private static boolean holdsLock(LockedRun run) {
        try (Statement statement = run.connection().createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from pg_locks where locktype = 'advisory'"
                        + " and granted and pid = pg_backend_pid()")) {
            rows.next();
            return rows.getLong(1) > 0;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(LockedRun run, String sql) {
        Connection connection = run.connection();
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(database.dataSource());
    }
}
