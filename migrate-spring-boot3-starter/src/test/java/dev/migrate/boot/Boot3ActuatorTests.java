package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static dev.migrate.boot.TestSupport.startedByTheTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Migrator;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.h2.Driver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * What this starter's four Boot 3 files do: the health indicator in Boot 3's health API (one per
 * Migrator, a composite for several), and the exit-mode post-processor under Boot 3's key.
 */
class Boot3ActuatorTests {

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
    void severalMigratorsMakeACompositeWithOneIndicatorEach() {
        h2Runner()
                .withBean("tenantA", Migrator.class, () -> migrator(TestSupport.h2Url()))
                .withBean("tenantB", Migrator.class, () -> migrator(TestSupport.h2Url()))
                .run(context -> {
                    HealthContributor health = context.getBean("migrateHealthIndicator", HealthContributor.class);
                    assertThat(health).isInstanceOf(CompositeHealthContributor.class);
                    List<String> names = ((CompositeHealthContributor) health)
                            .stream().map(NamedContributor::getName).toList();
                    assertThat(names).containsExactlyInAnyOrder("tenantA", "tenantB");
                });
    }

    @Test
    void startsWithoutActuator() {
        h2Runner()
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(MigrateHealthIndicator.class);
                });
    }

    @Test
    void springBoot3LoadsTheExitModePostProcessor() {
        DeferredLogFactory logs = Supplier::get;
        List<EnvironmentPostProcessor> loaded = SpringFactoriesLoader.forDefaultResourceLocation()
                .load(EnvironmentPostProcessor.class, ArgumentResolver.of(DeferredLogFactory.class, logs));
        assertThat(loaded).hasAtLeastOneElementOfType(MigrateExitModeEnvironmentPostProcessor.class);
    }

    private static Migrator migrator(String url) {
        return Migrator.builder(new SimpleDriverDataSource(new Driver(), url)).build();
    }
}
