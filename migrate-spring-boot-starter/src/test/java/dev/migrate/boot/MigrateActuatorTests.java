package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static dev.migrate.boot.TestSupport.startedByTheTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.migrate.Migrator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

@ExtendWith(OutputCaptureExtension.class)
class MigrateActuatorTests {

    private static final String EXPOSED = "management.endpoints.web.exposure.include=health,migrate";
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void endpointListsAppliedPendingAndTheLock() {
        h2Runner()
                .withPropertyValues(EXPOSED)
                .withBean(MigrateStrategy.class, () -> migrator -> migrator.up(1))
                .run(context -> {
                    String body = json.writeValueAsString(
                            context.getBean(MigrateEndpoint.class).migrations());
                    var tree = json.readTree(body);
                    assertThat(tree.at("/migrators/migrator/applied/0/id").asString())
                            .isEqualTo("1_create_things.sql");
                    assertThat(tree.at("/migrators/migrator/applied/0/appliedAt")
                                    .asString())
                            .isNotBlank();
                    assertThat(tree.at("/migrators/migrator/applied/0/checksum").asString())
                            .hasSize(64);
                    assertThat(tree.at("/migrators/migrator/applied/0").has("durationMillis"))
                            .isTrue();
                    assertThat(tree.at("/migrators/migrator/pending/0/id").asString())
                            .isEqualTo("2_seed_things.sql");
                    assertThat(tree.at("/migrators/migrator/failed").size()).isZero();
                    assertThat(tree.at("/migrators/migrator/lock/type").asString())
                            .isEqualTo("table-lease");
                    assertThat(tree.at("/migrators/migrator/lock/key").asString())
                            .isNotBlank();
                    assertThat(tree.at("/migrators/migrator/lock").has("holder"))
                            .isTrue();
                });
    }

    @Test
    void endpointIsOnlyCreatedWhenExposed() {
        h2Runner().run(context -> assertThat(context).doesNotHaveBean(MigrateEndpoint.class));
    }

    @Test
    void healthIsUpWithAppliedAndPendingCounts() {
        h2Runner().run(context -> {
            runMigrateRunner(context);
            Health health = context.getBean(MigrateHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails())
                    .containsEntry("applied", 2)
                    .containsEntry("pending", 0)
                    .containsEntry("run", "succeeded");
        });
    }

    @Test
    void healthIsDownAfterAFailedRun(@TempDir Path dir) {
        TestSupport.migration(dir, "1_broken.sql", TestSupport.BROKEN);
        startedByTheTest(h2Runner())
                .withPropertyValues("migrate.locations=filesystem:" + dir)
                .run(context -> {
                    assertThatThrownBy(() -> runMigrateRunner(context)).isInstanceOf(MigrateStartupException.class);
                    Health health =
                            context.getBean(MigrateHealthIndicator.class).health();
                    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
                    assertThat(health.getDetails().get("error").toString()).contains("1_broken.sql", "line 4");
                });
    }

    @Test
    void healthIndicatorCanBeSwitchedOff() {
        h2Runner()
                .withPropertyValues("management.health.migrate.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(MigrateHealthIndicator.class));
    }

    @Test
    void metricsCountAppliedMigrationsAndTimeThem() {
        h2Runner().withBean(MeterRegistry.class, SimpleMeterRegistry::new).run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            context.getBean(MigrateMetrics.class).bindTo(registry);
            runMigrateRunner(context);
            assertThat(registry.get(MigrateMetrics.APPLIED).functionCounter().count())
                    .isEqualTo(2.0);
            assertThat(registry.get(MigrateMetrics.DURATION)
                            .tag("direction", "up")
                            .timer()
                            .count())
                    .isEqualTo(2);
            assertThat(registry.get(MigrateMetrics.LOCK_WAIT).timer().count()).isEqualTo(1);
        });
    }

    @Test
    void startsWithoutActuator() {
        h2Runner()
                .withPropertyValues(EXPOSED)
                .withClassLoader(
                        new FilteredClassLoader("org.springframework.boot.actuate", "org.springframework.boot.health"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(Migrator.class);
                    assertThat(context)
                            .doesNotHaveBean(MigrateEndpoint.class)
                            .doesNotHaveBean(MigrateHealthIndicator.class);
                    runMigrateRunner(context);
                });
    }

    @Test
    void startsWithoutMicrometer() {
        h2Runner().withClassLoader(new FilteredClassLoader("io.micrometer")).run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(Migrator.class);
            assertThat(context).doesNotHaveBean(MigrateMetrics.class);
            runMigrateRunner(context);
        });
    }

    @Test
    void passwordNeverAppearsInEndpointHealthOrLogs(CapturedOutput output, @TempDir Path dir) {
        String password = "Sup3r-Secret-Pa55word";
        String migrationUrl = TestSupport.h2Url();
        h2Runner()
                .withPropertyValues(
                        EXPOSED,
                        "migrate.url=" + migrationUrl,
                        "migrate.user=migrator",
                        "migrate.password=" + password,
                        "spring.datasource.password=" + password)
                .run(context -> {
                    runMigrateRunner(context);
                    String endpoint = json.writeValueAsString(
                            context.getBean(MigrateEndpoint.class).migrations());
                    String health = json.writeValueAsString(
                            context.getBean(MigrateHealthIndicator.class).health());
                    assertThat(endpoint).contains("1_create_things.sql").doesNotContain(password);
                    assertThat(health).doesNotContain(password);
                });
        // A migration that fails on a database the password opens (H2 makes the first user of a
        // new in-memory database its owner, with that password).
        TestSupport.migration(dir, "1_broken.sql", TestSupport.BROKEN);
        String brokenUrl = TestSupport.h2Url();
        startedByTheTest(h2Runner())
                .withPropertyValues(
                        EXPOSED,
                        "migrate.locations=filesystem:" + dir,
                        "migrate.url=" + brokenUrl,
                        "migrate.user=migrator",
                        "migrate.password=" + password)
                .run(context -> {
                    Throwable failure = catchThrowable(() -> runMigrateRunner(context));
                    assertThat(failure)
                            .as("the run reached the broken migration")
                            .isInstanceOf(MigrateStartupException.class)
                            .hasMessageContaining("1_broken.sql");
                    assertThat(stackTrace(failure)).doesNotContain(password);
                    String health = json.writeValueAsString(
                            context.getBean(MigrateHealthIndicator.class).health());
                    assertThat(health).contains("DOWN", "1_broken.sql").doesNotContain(password);
                    String endpoint = json.writeValueAsString(
                            context.getBean(MigrateEndpoint.class).migrations());
                    assertThat(endpoint).contains("1_broken.sql").doesNotContain(password);
                });
        assertThatThrownBy(() -> DriverManager.getConnection(brokenUrl, "migrator", "not-the-password"))
                .as("the password is what opened the migration's database")
                .isInstanceOf(SQLException.class);
        assertThat(output.getAll()).contains("1_broken.sql").doesNotContain(password);
    }

    private static String stackTrace(Throwable failure) {
        StringWriter text = new StringWriter();
        failure.printStackTrace(new PrintWriter(text));
        return text.toString();
    }
}
