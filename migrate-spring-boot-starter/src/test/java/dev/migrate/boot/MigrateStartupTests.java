package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static dev.migrate.boot.TestSupport.startedByTheTest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.ExecutedMigration;
import dev.migrate.MigrateCallback;
import dev.migrate.MigrateOperation;
import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.boot.slices.Thing;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.orm.jpa.AbstractEntityManagerFactoryBean;

/** When the start-up migration runs, and what a JPA service, several Migrators and callbacks get. */
@ExtendWith(OutputCaptureExtension.class)
class MigrateStartupTests {

    private static ApplicationContextRunner jpaRunner() {
        return h2Runner()
                .withConfiguration(
                        AutoConfigurations.of(HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class))
                .withUserConfiguration(Entities.class);
    }

    @Test
    void byDefaultAJpaServiceThatValidatesItsSchemaStartsOnAnEmptyDatabase(CapturedOutput output) {
        jpaRunner().withPropertyValues("spring.jpa.hibernate.ddl-auto=validate").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(MigrateStartup.class).mode()).isEqualTo(MigrateProperties.Mode.INITIALIZER);
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("select count(*) from things", Long.class))
                    .isEqualTo(2);
            // the runner that comes after has nothing left to do
            runMigrateRunner(context);
        });
        assertThat(output.getOut())
                .containsOnlyOnce("migrate: migrating while the context starts, before entityManagerFactory");
    }

    @ParameterizedTest
    @ValueSource(strings = {"runner", "initializer"})
    void aJpaServiceStartsOnADatabaseOneMigrationBehindInEveryMode(String mode) {
        String url = TestSupport.h2Url();
        Migrator.builder(new DriverManagerDataSource(url, "sa", "")).build().up(1);
        jpaRunner()
                .withPropertyValues(
                        "spring.datasource.url=" + url,
                        "spring.jpa.hibernate.ddl-auto=validate",
                        "migrate.mode=" + mode)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(JdbcTemplate.class)
                                    .queryForObject("select count(*) from things", Long.class))
                            .isEqualTo(2);
                });
    }

    @Test
    void aDependsOnDatabaseInitializationBeanSeesTheMigratedSchema() {
        h2Runner().withUserConfiguration(ReadsAtStartUp.class).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ThingCount.class).count()).isEqualTo(2);
            assertThat(context.getBean(MigrateStartup.class).mode()).isEqualTo(MigrateProperties.Mode.INITIALIZER);
        });
    }

    @Test
    void withOnlyJdbcTemplateTheRunnerMigratesAsTheLifecycleBeansStart(CapturedOutput output) {
        startedByTheTest(h2Runner()).run(context -> {
            assertThat(context.getBean(MigrateStartup.class).mode()).isEqualTo(MigrateProperties.Mode.RUNNER);
            assertThat(MigrateAutoConfigurationTests.tables(context.getBean(DataSource.class)))
                    .doesNotContain("THINGS");
            runMigrateRunner(context);
            assertThat(MigrateAutoConfigurationTests.tables(context.getBean(DataSource.class)))
                    .contains("THINGS");
        });
        h2Runner()
                .run(context -> assertThat(MigrateAutoConfigurationTests.tables(context.getBean(DataSource.class)))
                        .contains("THINGS"));
        assertThat(output.getOut())
                .contains("migrate: migrating right after the web server started, before the service's listeners"
                        + " and scheduled tasks start (nothing reads the schema while the context starts)");
    }

    @Test
    void hibernateLeavesAnEmbeddedDatabaseMigrateManagesAlone() {
        jpaRunner().run(context -> {
            assertThat(context).hasNotFailed();
            AbstractEntityManagerFactoryBean factory = context.getBean(AbstractEntityManagerFactoryBean.class);
            assertThat(factory.getJpaPropertyMap().get("hibernate.hbm2ddl.auto"))
                    .isIn(null, "none");
            // with create-drop Hibernate would have dropped the migrated table and created an empty one
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("select count(*) from things", Long.class))
                    .isEqualTo(2);
        });
    }

    @Test
    void withoutADataSourceMigrateSaysOnceThatItIsOff(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        MigrateAutoConfiguration.class, MigrateWithoutDataSourceAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Migrator.class));
        assertThat(output.getOut()).containsOnlyOnce("migrate: no DataSource and no migrate.url");
    }

    @Test
    void withADataSourceThereIsNoNotice(CapturedOutput output) {
        h2Runner()
                .withConfiguration(AutoConfigurations.of(MigrateWithoutDataSourceAutoConfiguration.class))
                .run(context -> assertThat(context).hasSingleBean(Migrator.class));
        assertThat(output.getOut()).doesNotContain("no DataSource");
    }

    @Test
    void severalMigratorsEachRunAndAreReportedByBeanName() {
        String tenantA = TestSupport.h2Url();
        String tenantB = TestSupport.h2Url();
        h2Runner()
                .withPropertyValues("management.endpoints.web.exposure.include=migrate")
                .withBean(
                        "tenantA",
                        Migrator.class,
                        () -> Migrator.builder(new DriverManagerDataSource(tenantA, "sa", ""))
                                .build())
                .withBean(
                        "tenantB",
                        Migrator.class,
                        () -> Migrator.builder(new DriverManagerDataSource(tenantB, "sa", ""))
                                .build())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    runMigrateRunner(context);
                    assertThat(MigrateAutoConfigurationTests.tables(new DriverManagerDataSource(tenantA, "sa", "")))
                            .contains("THINGS");
                    assertThat(MigrateAutoConfigurationTests.tables(new DriverManagerDataSource(tenantB, "sa", "")))
                            .contains("THINGS");
                    MigrateEndpoint.MigratorsDescriptor endpoint =
                            context.getBean(MigrateEndpoint.class).migrations();
                    assertThat(endpoint.migrators()).containsOnlyKeys("tenantA", "tenantB");
                    assertThat(endpoint.migrators().get("tenantB").applied()).hasSize(2);
                    HealthContributor health = context.getBean("migrateHealthIndicator", HealthContributor.class);
                    assertThat(health).isInstanceOf(CompositeHealthContributor.class);
                    CompositeHealthContributor composite = (CompositeHealthContributor) health;
                    assertThat(composite.getContributor("tenantA")).isInstanceOf(MigrateHealthIndicator.class);
                    assertThat(composite.getContributor("tenantB")).isInstanceOf(MigrateHealthIndicator.class);
                });
    }

    @Test
    void theEndpointAnswersWithAnOperationResponseBody() {
        h2Runner()
                .withPropertyValues("management.endpoints.web.exposure.include=migrate")
                .run(context -> assertThat(
                                context.getBean(MigrateEndpoint.class).migrations())
                        .isInstanceOf(OperationResponseBody.class));
    }

    @Test
    void callbackBeansHearTheStartUpMigrationInOrder() {
        h2Runner().withUserConfiguration(Callbacks.class).run(context -> {
            assertThat(context.getBean(Calls.class).calls)
                    .containsExactly(
                            "grants beforeRun UP",
                            "notify beforeRun UP",
                            "grants afterMigration 1_create_things.sql",
                            "grants afterMigration 2_seed_things.sql",
                            "grants afterRun 2",
                            "notify afterRun 2");
        });
    }

    @Test
    void aFailingCallbackFailsTheStartUpMigration() {
        startedByTheTest(h2Runner())
                .withBean(MigrateCallback.class, () -> new MigrateCallback() {
                    @Override
                    public void afterRun(MigrateOperation operation, MigrateResult result) {
                        throw new IllegalStateException("could not refresh the materialized view");
                    }
                })
                .run(context -> {
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> runMigrateRunner(context))
                            .isInstanceOf(MigrateStartupException.class)
                            .hasMessageContaining("afterRun")
                            .hasMessageContaining("could not refresh the materialized view");
                    assertThat(context.getBean(MigrateExecutions.class)
                                    .byName()
                                    .get("migrator")
                                    .state())
                            .isEqualTo(MigrateExecution.State.FAILED);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EntityScan(basePackageClasses = Thing.class)
    static class Entities {}

    record ThingCount(long count) {}

    @Configuration(proxyBeanMethods = false)
    static class ReadsAtStartUp {

        @Bean
        @DependsOnDatabaseInitialization
        ThingCount thingCount(DataSource dataSource) {
            return new ThingCount(
                    new JdbcTemplate(dataSource).queryForObject("select count(*) from things", Long.class));
        }
    }

    static class Calls {
        final List<String> calls = new ArrayList<>();
    }

    @Configuration(proxyBeanMethods = false)
    static class Callbacks {

        @Bean
        Calls calls() {
            return new Calls();
        }

        @Bean
        @Order(2)
        MigrateCallback notify(Calls calls) {
            return new MigrateCallback() {
                @Override
                public void beforeRun(MigrateOperation operation) {
                    calls.calls.add("notify beforeRun " + operation);
                }

                @Override
                public void afterRun(MigrateOperation operation, MigrateResult result) {
                    calls.calls.add("notify afterRun " + result.count());
                }
            };
        }

        @Bean
        @Order(1)
        MigrateCallback grants(Calls calls) {
            return new MigrateCallback() {
                @Override
                public void beforeRun(MigrateOperation operation) {
                    calls.calls.add("grants beforeRun " + operation);
                }

                @Override
                public void afterMigration(MigrateOperation operation, ExecutedMigration migration) {
                    calls.calls.add("grants afterMigration " + migration.id());
                }

                @Override
                public void afterRun(MigrateOperation operation, MigrateResult result) {
                    calls.calls.add("grants afterRun " + result.count());
                }
            };
        }
    }
}
