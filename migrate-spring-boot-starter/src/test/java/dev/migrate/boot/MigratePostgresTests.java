package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.migrate.MigrateResult;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The runner and exit paths on a real PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
class MigratePostgresTests {

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("starter");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ApplicationContextRunner postgresRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class,
                        MigrateAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + database.url(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "management.endpoints.web.exposure.include=migrate");
    }

    @Test
    void runnerMigratesUnderTheAdvisoryLockAndASecondStartFindsNothingToDo(CapturedOutput output, @TempDir Path dir) {
        // A third migration writes down the advisory locks its own session holds while it runs.
        TestSupport.migration(dir, "3_lock_seen.sql", """
                -- +migrate Up
                create table lock_seen as select (classid::bigint << 32) | objid::bigint as lock_key from pg_locks
                 where locktype = 'advisory' and granted and objsubid = 1 and pid = pg_backend_pid();

                -- +migrate Down
                drop table lock_seen;
                """);
        List<MigrateResult> results = new ArrayList<>();
        postgresRunner()
                .withPropertyValues("migrate.locations=classpath:db/migrations,filesystem:" + dir)
                .withBean(MigrateStrategy.class, () -> migrator -> {
                    MigrateResult result = migrator.up();
                    results.add(result);
                    return result;
                })
                .run(context -> {
                    JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
                    assertThat(jdbc.queryForObject("select count(*) from things", Long.class))
                            .isEqualTo(2);
                    MigrateEndpoint.MigrationsDescriptor migrations = context.getBean(MigrateEndpoint.class)
                            .migrations()
                            .migrators()
                            .get("migrator");
                    assertThat(migrations.applied()).hasSize(3);
                    assertThat(migrations.lock().type()).isEqualTo("postgres-advisory");
                    assertThat(migrations.lock().holder()).isNull();
                    assertThat(results)
                            .singleElement()
                            .satisfies(result -> assertThat(result.lockTaken()).isTrue());
                    assertThat(jdbc.queryForList("select lock_key from lock_seen", Long.class))
                            .as("the advisory lock the migrating session held")
                            .containsExactly(Long.parseLong(migrations.lock().key()));
                });
        assertThat(output.getOut()).contains("migrate: ran 3 migrations up");
        postgresRunner()
                .withPropertyValues("migrate.locations=classpath:db/migrations,filesystem:" + dir)
                .run(context -> {
                    runMigrateRunner(context);
                    assertThat(context.getBean(MigrateExecutions.class)
                                    .byName()
                                    .get("migrator")
                                    .state())
                            .isEqualTo(MigrateExecution.State.SUCCEEDED);
                });
        assertThat(output.getOut()).contains(": up to date, nothing pending (3 migrations");
    }

    @Test
    void healthAnswersUnknownWithinAboutASecondNamingTheBlockerWhileAnotherSessionLocksTheHistory() {
        postgresRunner().withPropertyValues("migrate.lock.timeout=10m").run(context -> {
            runMigrateRunner(context);
            try (Connection blocker = database.connect();
                    Statement statement = blocker.createStatement()) {
                statement.execute("set application_name = 'health-blocker'");
                blocker.setAutoCommit(false);
                statement.execute("alter table gorp_migrations add column note text");

                CompletableFuture<Health> probe = CompletableFuture.supplyAsync(
                        () -> context.getBean(MigrateHealthIndicator.class).health());
                // far beyond the bound of about a second; reaching it means the probe hung
                Health health = probe.get(30, TimeUnit.SECONDS);

                assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
                assertThat(health.getDetails().get("reason").toString())
                        .contains("gave up after 1 s", "gorp_migrations", "health-blocker");
                blocker.rollback();
            }
            assertThat(context.getBean(MigrateHealthIndicator.class).health().getStatus())
                    .isEqualTo(Status.UP);
        });
    }

    @Test
    void anOlderReleaseStartsAndShowsTheNewerReleasesMigrationsAsFuture(CapturedOutput output) {
        postgresRunner().run(context -> assertThat(context).hasNotFailed());
        new JdbcTemplate(database.dataSource())
                .update("insert into gorp_migrations (id, applied_at) values ('3_from_a_newer_release.sql', now())");

        postgresRunner().run(context -> {
            runMigrateRunner(context);
            assertThat(context.getBean(MigrateExecutions.class)
                            .byName()
                            .get("migrator")
                            .state())
                    .isEqualTo(MigrateExecution.State.SUCCEEDED);
            MigrateEndpoint.MigrationsDescriptor migrations = context.getBean(MigrateEndpoint.class)
                    .migrations()
                    .migrators()
                    .get("migrator");
            assertThat(migrations.future())
                    .extracting(MigrateEndpoint.AppliedMigration::id)
                    .containsExactly("3_from_a_newer_release.sql");
            assertThat(migrations.future().get(0).appliedAt()).isNotNull();
            assertThat(migrations.unknown()).isEmpty();
            assertThat(migrations.applied()).hasSize(2);
        });
        assertThat(output.getOut())
                .contains("WARN")
                .contains("3_from_a_newer_release.sql is applied but newer than every migration found");
    }

    @Test
    void exitModeMigratesAndExitsWithZero() {
        List<Integer> codes = new ArrayList<>();
        postgresRunner()
                .withPropertyValues("migrate.mode=exit")
                .withBean(ProcessExit.class, () -> codes::add)
                .run(context -> {
                    assertThat(context.getBean(MigrateStartup.class).mode()).isEqualTo(MigrateProperties.Mode.EXIT);
                    assertThat(codes).containsExactly(0);
                });
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject("select count(*) from things", Long.class))
                .isEqualTo(2);
    }

    @Test
    void exitModeExitsNonZeroAndPrintsFileLineAndDatabaseMessage(@TempDir Path dir, CapturedOutput output) {
        TestSupport.migration(dir, "1_broken.sql", TestSupport.BROKEN);
        List<Integer> codes = new ArrayList<>();
        postgresRunner()
                .withPropertyValues("migrate.mode=exit", "migrate.locations=filesystem:" + dir)
                .withBean(ProcessExit.class, () -> codes::add)
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(codes).containsExactly(1);
        assertThat(output.getErr())
                .contains("1_broken.sql")
                .contains("line 4")
                .contains("relation \"no_such_table\" does not exist");
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject("select count(*) from gorp_migrations", Long.class))
                .isZero();
    }

    @Test
    void exitModeRunsItsCommandWhenTheApplicationMakesItsBeansLazy() {
        List<Integer> codes = new ArrayList<>();
        List<String> created = new ArrayList<>();
        postgresRunner()
                .withPropertyValues("migrate.mode=exit")
                .withInitializer(context ->
                        context.addBeanFactoryPostProcessor(new LazyInitializationBeanFactoryPostProcessor()))
                .withBean(ProcessExit.class, () -> codes::add)
                .withBean("serviceBean", StringBuilder.class, () -> {
                    created.add("serviceBean");
                    return new StringBuilder();
                })
                .run(context -> assertThat(codes).containsExactly(0));
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject("select count(*) from things", Long.class))
                .isEqualTo(2);
        assertThat(created).isEmpty();
    }

    @Test
    void exitModeSwitchesTheWebServerOff() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("migrate.mode", "EXIT")));
        new MigrateExitModeEnvironmentPostProcessor(Supplier::get)
                .postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("spring.main.web-application-type")).isEqualTo("none");

        StandardEnvironment runner = new StandardEnvironment();
        new MigrateExitModeEnvironmentPostProcessor(Supplier::get)
                .postProcessEnvironment(runner, new SpringApplication());
        assertThat(runner.getPropertySources().contains(MigrateExitModeEnvironmentPostProcessor.PROPERTY_SOURCE))
                .isFalse();
    }

    @Test
    void ddlLockRetriesShowInTheMeterAndTheEndpointWhileTheRunWaits(@TempDir Path dir) throws Exception {
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        jdbc.execute("create table busy (id int)");
        TestSupport.migration(dir, "1_add.sql", "-- +migrate Up\nalter table busy add column v int;\n");
        try (Connection blocker = database.connect();
                Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("select count(*) from busy");
            TestSupport.startedByTheTest(postgresRunner())
                    .withPropertyValues("migrate.locations=filesystem:" + dir, "migrate.ddl.lock-timeout=300ms")
                    .run(context -> {
                        MeterRegistry registry = new SimpleMeterRegistry();
                        context.getBean("migrateMetrics", MeterBinder.class).bindTo(registry);
                        MigrateEndpoint endpoint = context.getBean(MigrateEndpoint.class);
                        CompletableFuture<Void> run = CompletableFuture.runAsync(() -> runMigrateRunner(context));

                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (endpoint.migrations().ddl().lockRetries() < 2 && System.nanoTime() < deadline) {
                            Thread.sleep(50);
                        }
                        MigrateEndpoint.DdlDescriptor ddl =
                                endpoint.migrations().ddl();
                        assertThat(ddl.lockRetries()).isGreaterThanOrEqualTo(2);
                        assertThat(ddl.lastRetry()).isNotNull();
                        assertThat(ddl.lastRetry().migration()).isEqualTo("1_add.sql");
                        DocumentContext json =
                                JsonPath.parse(JsonMapper.builder().build().writeValueAsString(endpoint.migrations()));
                        assertThat(json.read("$.ddl.lockRetries", Integer.class))
                                .isGreaterThanOrEqualTo(2);
                        assertThat(json.read("$.ddl.lastRetry.migration", String.class))
                                .isEqualTo("1_add.sql");
                        assertThat(registry.get("migrate.ddl.lock.retries")
                                        .functionCounter()
                                        .count())
                                .isGreaterThanOrEqualTo(2.0);
                        assertThat(run).isNotDone();

                        blocker.commit();
                        run.get(60, TimeUnit.SECONDS);
                        assertThat(jdbc.queryForObject(
                                        "select count(*) from information_schema.columns where table_name = 'busy'"
                                                + " and column_name = 'v'",
                                        Long.class))
                                .isEqualTo(1);
                    });
        }
    }

    @Test
    void whileAnotherProcessHoldsTheLockTheGaugesShowTheRunAndTheWaitSinceWhenAndAStopCountsAsInterrupted(
            @TempDir Path dir) throws Exception {
        TestSupport.migration(dir, "1_a.sql", "-- +migrate Up\ncreate table waited (id int);\n");
        long key = 4242_4242L;
        try (Connection holder = database.connect();
                Statement statement = holder.createStatement()) {
            statement.execute("select pg_advisory_lock(" + key + ")");
            TestSupport.startedByTheTest(postgresRunner())
                    .withPropertyValues("migrate.locations=filesystem:" + dir, "migrate.lock.key=" + key)
                    .run(context -> {
                        MeterRegistry registry = MigrateMetricsTests.bound(context.getBean(MigrateMetrics.class));
                        double before = System.currentTimeMillis() / 1000.0;
                        Thread runner = new Thread(() -> runMigrateRunner(context), "migrate-runner");
                        runner.start();

                        Eventually.until(
                                "the run waits for the lock",
                                () -> MigrateMetricsTests.gauge(registry, MigrateMetrics.LOCK_WAIT_ACTIVE) == 1);
                        assertThat(MigrateMetricsTests.gauge(registry, MigrateMetrics.RUN_ACTIVE))
                                .isEqualTo(1);
                        assertThat(MigrateMetricsTests.gauge(registry, MigrateMetrics.RUN_START))
                                .isBetween(before - 1, System.currentTimeMillis() / 1000.0 + 1);
                        assertThat(MigrateMetricsTests.gauge(registry, MigrateMetrics.LOCK_WAIT_START))
                                .isBetween(before - 1, System.currentTimeMillis() / 1000.0 + 1);
                        assertThat(MigrateMetricsTests.state(registry, "pending"))
                                .isEqualTo(1);

                        // a stop (SIGTERM's shutdown interrupts the runner) while waiting
                        runner.interrupt();
                        runner.join(30_000);

                        assertThat(runner.isAlive()).isFalse();
                        assertThat(MigrateMetricsTests.counter(registry, MigrateMetrics.INTERRUPTED))
                                .isEqualTo(1);
                        assertThat(MigrateMetricsTests.counter(registry, MigrateMetrics.FAILED))
                                .isZero();
                        assertThat(MigrateMetricsTests.gauge(registry, MigrateMetrics.LOCK_WAIT_ACTIVE))
                                .isZero();
                        assertThat(MigrateMetricsTests.gauge(registry, MigrateMetrics.RUN_ACTIVE))
                                .isZero();
                    });
        }
    }
}
