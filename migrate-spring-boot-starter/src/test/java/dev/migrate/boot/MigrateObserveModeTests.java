package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code migrate.mode=observe}, for services beside a migration Job or initContainer: nothing
 * migrates and no lock is taken, but the meters, the health and the start-up log report the
 * history, so that the alert for migrations pending while the service is up can fire (with {@code
 * migrate.enabled=false} there would be nothing to scrape).
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrateObserveModeTests {

    @Test
    void migratesNothingAndReportsThePendingMigrationsThroughMetersHealthAndLog(CapturedOutput output) {
        h2Runner().withPropertyValues("migrate.mode=observe").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(MigrateAutoConfigurationTests.tables(context.getBean(DataSource.class)))
                    .as("nothing migrated, not even the history table created")
                    .doesNotContain("THINGS", "gorp_migrations");

            MeterRegistry registry = new SimpleMeterRegistry();
            context.getBean(MigrateMetrics.class).bindTo(registry);
            assertThat(pending(registry)).isEqualTo(2);
            assertThat(registry.get(MigrateMetrics.RUN_ACTIVE).gauge().value()).isZero();
            assertThat(registry.get(MigrateMetrics.SUCCEEDED).functionCounter().count())
                    .isZero();

            MigrateExecution execution =
                    context.getBean(MigrateExecutions.class).all().get(0);
            assertThat(execution.state()).isEqualTo(MigrateExecution.State.OBSERVING);
            MigrateHealth health = MigrateHealth.of(execution);
            assertThat(health.state()).isEqualTo(MigrateHealth.State.UP);
            assertThat(health.details())
                    .containsEntry("pending", 2)
                    .containsEntry("applied", 0)
                    .containsEntry("run", "observing");
        });
        assertThat(output)
                .contains("migrate: not migrating and taking no lock (migrate.mode=observe)")
                .contains("WARN")
                .contains("migrate: 2 migrations of migrator migrator pending (1_create_things.sql,"
                        + " 2_seed_things.sql) and this process does not apply them (migrate.mode=observe)")
                .contains("observing migrator migrator (migrate.mode=observe, this process migrates nothing):"
                        + " 0 applied, 2 pending");
    }

    @Test
    void aServiceBesideAJobThatRanSeesNothingPendingAndWarnsOfNothing(CapturedOutput output) {
        String url = TestSupport.h2Url();
        // the Job: the same image in exit mode
        h2Runner()
                .withPropertyValues("spring.datasource.url=" + url, "migrate.mode=exit")
                .withBean(ProcessExit.class, () -> code -> {})
                .run(context -> assertThat(context).hasNotFailed());
        int before = output.length();

        h2Runner()
                .withPropertyValues("spring.datasource.url=" + url, "migrate.mode=observe")
                .run(context -> {
                    MeterRegistry registry = new SimpleMeterRegistry();
                    context.getBean(MigrateMetrics.class).bindTo(registry);
                    assertThat(pending(registry)).isZero();
                    assertThat(registry.get(MigrateMetrics.MIGRATIONS)
                                    .tag("state", "applied")
                                    .gauge()
                                    .value())
                            .isEqualTo(2);
                });
        String observed = output.toString().substring(before);
        assertThat(observed).contains("0 pending").contains("2 applied").doesNotContain("WARN");
    }

    @Test
    void aFailedMigrationTheJobLeftIsAWarningAndHealthDown(CapturedOutput output, @TempDir Path dir) {
        TestSupport.migration(dir, "1_broken.sql", TestSupport.BROKEN);
        String url = TestSupport.h2Url();
        List<String> settings = List.of("spring.datasource.url=" + url, "migrate.locations=filesystem:" + dir);
        h2Runner()
                .withPropertyValues(settings.toArray(String[]::new))
                .withPropertyValues("migrate.mode=exit")
                .withBean(ProcessExit.class, () -> code -> {})
                .run(context -> {});

        h2Runner()
                .withPropertyValues(settings.toArray(String[]::new))
                .withPropertyValues("migrate.mode=observe")
                .run(context -> {
                    assertThat(context).as("observing never fails the start-up").hasNotFailed();
                    MigrateExecution execution =
                            context.getBean(MigrateExecutions.class).all().get(0);
                    assertThat(MigrateHealth.of(execution).state()).isEqualTo(MigrateHealth.State.DOWN);
                });
        assertThat(output)
                .contains("migrate: 1 migration of migrator migrator failed part-way (1_broken.sql): check what it"
                        + " left behind, then run repair");
    }

    @Test
    void aTargetIsRefusedNamingTheProperty() {
        h2Runner()
                .withPropertyValues("migrate.mode=observe", "migrate.target=1_create_things.sql")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(MigrateAutoConfigurationTests.messages(context.getStartupFailure()))
                            .contains("migrate.target=1_create_things.sql is set, but migrate.mode=observe migrates"
                                    + " nothing");
                });
    }

    @Test
    void aCommandIsRefusedSayingThatObserveMigratesNothing() {
        h2Runner()
                .withPropertyValues("migrate.mode=observe", "migrate.command=down")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(MigrateAutoConfigurationTests.messages(context.getStartupFailure()))
                            .contains("migrate.command=down runs only with migrate.mode=exit")
                            .contains("with migrate.mode=observe the service migrates nothing");
                });
    }

    private static double pending(MeterRegistry registry) {
        return registry.get(MigrateMetrics.MIGRATIONS)
                .tag("state", "pending")
                .gauge()
                .value();
    }
}
