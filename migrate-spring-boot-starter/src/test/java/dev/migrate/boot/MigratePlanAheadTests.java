package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static dev.migrate.boot.TestSupport.migration;
import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static dev.migrate.boot.TestSupport.startedByTheTest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Runner mode plans ahead: while the context goes on creating its beans, a thread of its own reads
 * what the run will read (the files, the history through the pool's first connection), so that
 * the run after the web server started finds that work done. It migrates nothing and writes
 * nothing: the run still does that, at the same moment as before.
 */
class MigratePlanAheadTests {

    private static final String CREATE = """
            -- +migrate Up
            create table planned_ahead (id int);

            -- +migrate Down
            drop table planned_ahead;
            """;

    @Test
    void runnerModeReadsOnAThreadOfItsOwnAndMigratesOnlyWhenTheLifecycleStarts(@TempDir Path dir) {
        migration(dir, "20240101000000-create.sql", CREATE);
        Recording dataSource = new Recording();
        startedByTheTest(runner(dir, dataSource)).run(context -> {
            assertThat(context).hasNotFailed();
            awaitPlanAhead();
            assertThat(dataSource.threads).contains(PlanAhead.THREAD);
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            assertThat(tableExists(jdbc, "PLANNED_AHEAD")).isFalse();
            assertThat(tableExists(jdbc, "GORP_MIGRATIONS"))
                    .as("planning ahead creates no history table")
                    .isFalse();

            runMigrateRunner(context);

            assertThat(tableExists(jdbc, "PLANNED_AHEAD")).isTrue();
            assertThat(context.getBean(Migrator.class).status().pending()).isEmpty();
        });
    }

    /**
     * Not where the run would do something else than what was planned (a strategy of the
     * application), would log a second time what planning logs (an edited file's warning without
     * checksum validation, connect retries' warnings), or migrates at once anyway.
     */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "migrate.mode=initializer",
                "migrate.mode=observe",
                "migrate.validate-checksums=false",
                "migrate.connect-retries=2",
                "migrate.migrators.other.validate-checksums=false"
            })
    void notWhere(String setting, @TempDir Path dir) {
        migration(dir, "20240101000000-create.sql", CREATE);
        Recording dataSource = new Recording();
        startedByTheTest(runner(dir, dataSource)).withPropertyValues(setting).run(context -> {
            assertThat(context).hasNotFailed();
            awaitPlanAhead();
            assertThat(dataSource.threads).doesNotContain(PlanAhead.THREAD);
        });
    }

    @Test
    void notWithAStrategyOfTheApplication(@TempDir Path dir) {
        migration(dir, "20240101000000-create.sql", CREATE);
        Recording dataSource = new Recording();
        startedByTheTest(runner(dir, dataSource))
                .withBean(MigrateStrategy.class, () -> Migrator::up)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    awaitPlanAhead();
                    assertThat(dataSource.threads).doesNotContain(PlanAhead.THREAD);
                });
    }

    private static ApplicationContextRunner runner(Path dir, Recording dataSource) {
        return h2Runner()
                .withPropertyValues("migrate.locations=filesystem:" + dir)
                .withBean("dataSource", DataSource.class, () -> dataSource);
    }

    private static boolean tableExists(JdbcTemplate jdbc, String table) {
        Integer count = jdbc.queryForObject(
                "select count(*) from information_schema.tables where upper(table_name) = ?", Integer.class, table);
        return count != null && count > 0;
    }

    /** Waits until no plan-ahead thread is left running. */
    private static void awaitPlanAhead() throws InterruptedException {
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals(PlanAhead.THREAD)) {
                thread.join(10_000);
                assertThat(thread.isAlive())
                        .as("plan-ahead thread still running")
                        .isFalse();
            }
        }
    }

    /** A real H2 database that notes the name of each thread that asks for a connection. */
    static final class Recording extends DelegatingDataSource {

        final List<String> threads = new CopyOnWriteArrayList<>();

        Recording() {
            super(new DriverManagerDataSource(TestSupport.h2Url()));
        }

        @Override
        public Connection getConnection() throws SQLException {
            threads.add(Thread.currentThread().getName());
            return super.getConnection();
        }
    }
}
