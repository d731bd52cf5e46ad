package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.DdlLintMode;
import dev.migrate.LockType;
import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.internal.ddl.DdlSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

class MigrateAutoConfigurationTests {

    @Test
    void runnerModeMigratesTheDefaultLocation() {
        h2Runner().run(context -> {
            assertThat(context).hasSingleBean(Migrator.class).hasSingleBean(MigrateLifecycle.class);
            assertThat(context.getBean(MigrateStartup.class).mode()).isEqualTo(MigrateProperties.Mode.RUNNER);
            runMigrateRunner(context);
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("select count(*) from things", Long.class))
                    .isEqualTo(2);
        });
    }

    @Test
    void environmentVariableMigrateEnabledFalseSwitchesItOff() {
        h2Runner()
                .withInitializer(context -> context.getEnvironment()
                        .getPropertySources()
                        .addFirst(new SystemEnvironmentPropertySource(
                                "systemEnvironment", Map.of("MIGRATE_ENABLED", "false"))))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .doesNotHaveBean(Migrator.class)
                        .doesNotHaveBean(MigrateLifecycle.class));
    }

    @Test
    void withoutADataSourceNothingIsConfigured() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(Migrator.class));
    }

    @Test
    void propertiesBind() {
        h2Runner()
                .withPropertyValues(
                        "migrate.locations=filesystem:/tmp/a, classpath:b",
                        "migrate.table=history",
                        "migrate.schema=app",
                        "migrate.ignore-unknown=true",
                        "migrate.validate-checksums=false",
                        "migrate.retry-failed=true",
                        "migrate.mode=initializer",
                        "migrate.lock.type=table-lease",
                        "migrate.lock.key=42",
                        "migrate.lock.timeout=5m",
                        "migrate.lock.lease-time=45",
                        "migrate.lock.connection-check-interval=0",
                        "migrate.application-name=orders-migrate",
                        "migrate.ddl.lock-timeout=500ms",
                        "migrate.ddl.retry-budget=2",
                        "migrate.ddl.lint=fail")
                .withBean(
                        MigrateStrategy.class,
                        () -> migrator -> new MigrateResult(List.of(), false, Duration.ZERO, Duration.ZERO))
                .run(context -> {
                    MigrateProperties p = context.getBean(MigrateProperties.class);
                    assertThat(p.getLocations()).containsExactly("filesystem:/tmp/a", "classpath:b");
                    assertThat(p.getTable()).isEqualTo("history");
                    assertThat(p.getSchema()).isEqualTo("app");
                    assertThat(p.isIgnoreUnknown()).isTrue();
                    assertThat(p.isValidateChecksums()).isFalse();
                    assertThat(p.isRetryFailed()).isTrue();
                    assertThat(p.getMode()).isEqualTo(MigrateProperties.Mode.INITIALIZER);
                    assertThat(p.getLock().getType()).isEqualTo(LockType.TABLE_LEASE);
                    assertThat(p.getLock().getKey()).isEqualTo(42L);
                    assertThat(p.getLock().getTimeout()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(p.getLock().getLeaseTime()).isEqualTo(Duration.ofSeconds(45));
                    assertThat(p.getDdl().getLockTimeout()).isEqualTo(Duration.ofMillis(500));
                    assertThat(p.getDdl().getRetryBudget()).isEqualTo(Duration.ofSeconds(2));
                    assertThat(p.getDdl().getLint()).isEqualTo(DdlLintMode.FAIL);
                    assertThat(p.getLock().getConnectionCheckInterval()).isZero();
                    assertThat(p.getApplicationName()).isEqualTo("orders-migrate");
                });
    }

    @Test
    void defaultsMatchTheDocumentation() {
        MigrateProperties p = new MigrateProperties();
        assertThat(p.isEnabled()).isTrue();
        assertThat(p.getLocations()).containsExactly("classpath:db/migrations");
        assertThat(p.getTable()).isEqualTo("gorp_migrations");
        assertThat(p.isValidateChecksums()).isTrue();
        assertThat(p.getMode()).isEqualTo(MigrateProperties.Mode.RUNNER);
        assertThat(p.getCommand()).isEqualTo(MigrateProperties.Command.UP);
        assertThat(p.getTarget()).isNull();
        assertThat(p.getLock().getType()).isEqualTo(LockType.AUTO);
        assertThat(p.getLock().getTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(p.getLock().getLeaseTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.getLock().getConnectionCheckInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(p.getDdl().getLockTimeout())
                .isEqualTo(DdlSettings.DEFAULT_LOCK_TIMEOUT)
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(p.getDdl().getRetryBudget())
                .isEqualTo(DdlSettings.DEFAULT_RETRY_BUDGET)
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(p.getDdl().getLint()).isEqualTo(DdlLintMode.WARN);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "migrate.table=bad-name; drop table x | migrate.table",
                "migrate.table=history_table_name_that_leaves_no_room_for_its_suffixes_ | migrate.table",
                "migrate.schema=1schema | migrate.schema",
                "migrate.mode=sometimes | migrate.mode",
                "migrate.lock.type=zookeeper | migrate.lock.type",
                "migrate.lock.timeout=-5s | migrate.lock.timeout",
                "migrate.lock.lease-time=0 | migrate.lock.lease-time",
                "migrate.lock.key=not-a-number | migrate.lock.key",
                "migrate.locations=http://example.com/x | migrate.locations",
                "migrate.url=postgres://host/db | migrate.url",
                "migrate.ddl.lock-timeout=-1s | migrate.ddl.lock-timeout",
                "migrate.ddl.retry-budget=-1 | migrate.ddl.retry-budget",
                "migrate.ddl.lint=loudly | migrate.ddl.lint",
            })
    void invalidValueFailsStartUpNamingTheProperty(String property, String name) {
        h2Runner().withPropertyValues(property).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains(name);
        });
    }

    @Test
    void aUrlThatIsNotJdbcIsRefusedWithoutShowingItsUserInformation() {
        h2Runner()
                .withPropertyValues("migrate.url=postgres://app:Sup3r-Secret-Pa55word@db.example/app?password=also")
                .run(context -> {
                    assertThat(context).hasFailed();
                    StringWriter trace = new StringWriter();
                    context.getStartupFailure().printStackTrace(new PrintWriter(trace));
                    assertThat(messages(context.getStartupFailure()))
                            .contains("migrate.url")
                            .contains("postgres:");
                    assertThat(trace.toString())
                            .doesNotContain("Sup3r-Secret-Pa55word")
                            .doesNotContain("also");
                });
    }

    @Test
    void customizersAreAppliedInOrder() {
        h2Runner().withUserConfiguration(Customizers.class).run(context -> {
            runMigrateRunner(context);
            assertThat(context.getBean(Calls.class).names).containsExactly("first", "second");
            assertThat(context.getBean(JdbcTemplate.class)
                            .queryForObject("select count(*) from \"second_history\"", Long.class))
                    .isEqualTo(2);
        });
    }

    @Test
    void strategyReplacesTheMigrateCall() {
        h2Runner()
                .withBean(MigrateStrategy.class, () -> migrator -> migrator.up(1))
                .run(context -> {
                    assertThat(context.getBean(Migrator.class).status().pending())
                            .extracting(m -> m.id())
                            .containsExactly("2_seed_things.sql");
                });
    }

    @Test
    void migrateDataSourceWins() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        TestSupport.dataSourceAutoConfiguration(),
                        TestSupport.jdbcTemplateAutoConfiguration(),
                        MigrateAutoConfiguration.class))
                .withUserConfiguration(TwoDataSources.class)
                .run(context -> {
                    runMigrateRunner(context);
                    assertThat(tables(context.getBean("migrationDataSource", DataSource.class)))
                            .contains("THINGS");
                    assertThat(tables(context.getBean("appDataSource", DataSource.class)))
                            .doesNotContain("THINGS");
                });
    }

    @Test
    void migrateUrlOpensADedicatedConnection() {
        String migrationUrl = TestSupport.h2Url();
        h2Runner()
                .withPropertyValues("migrate.url=" + migrationUrl, "migrate.user=owner", "migrate.password=pw")
                .run(context -> {
                    runMigrateRunner(context);
                    assertThat(tables(new DriverManagerDataSource(migrationUrl, "owner", "pw")))
                            .contains("THINGS");
                    assertThat(tables(context.getBean(DataSource.class))).doesNotContain("THINGS");
                });
    }

    @Test
    void migrateUrlAloneIsEnoughWithoutAnApplicationDataSource() {
        String migrationUrl = TestSupport.h2Url();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class))
                .withPropertyValues("migrate.url=" + migrationUrl, "migrate.user=sa")
                .run(context -> {
                    runMigrateRunner(context);
                    assertThat(tables(new DriverManagerDataSource(migrationUrl, "sa", "")))
                            .contains("THINGS");
                });
    }

    @Test
    void initializerModeMigratesBeforeJdbcTemplate() {
        h2Runner().withPropertyValues("migrate.mode=initializer").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(MigrateInitializer.class);
            assertThat(context.getBeanFactory()
                            .getBeanDefinition("jdbcTemplate")
                            .getDependsOn())
                    .contains("migrateInitializer");
            assertThat(context.getBean(JdbcTemplate.class).queryForObject("select count(*) from things", Long.class))
                    .isEqualTo(2);
        });
    }

    @Test
    void failedMigrationFailsStartUpWithFileLineAndDatabaseMessage(@TempDir Path dir) {
        TestSupport.migration(dir, "1_broken.sql", TestSupport.BROKEN);
        h2Runner().withPropertyValues("migrate.locations=filesystem:" + dir).run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("1_broken.sql", "line 4", "NO_SUCH_TABLE");
        });
    }

    @Test
    void failedInitializerFailsTheContext(@TempDir Path dir) {
        TestSupport.migration(dir, "1_broken.sql", TestSupport.BROKEN);
        h2Runner()
                .withPropertyValues("migrate.mode=initializer", "migrate.locations=filesystem:" + dir)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure())).contains("1_broken.sql", "line 4");
                });
    }

    static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    static List<String> tables(DataSource dataSource) {
        return new JdbcTemplate(dataSource)
                .queryForList(
                        "select table_name from information_schema.tables where table_schema = 'PUBLIC'", String.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Customizers {

        @Bean
        Calls calls() {
            return new Calls();
        }

        @Bean
        @Order(2)
        MigratorCustomizer second(Calls calls) {
            return builder -> {
                calls.names.add("second");
                builder.table("second_history");
            };
        }

        @Bean
        @Order(1)
        MigratorCustomizer first(Calls calls) {
            return builder -> {
                calls.names.add("first");
                builder.table("first_history");
            };
        }
    }

    static class Calls {
        final List<String> names = new ArrayList<>();
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSources {

        @Bean
        @Primary
        DataSource appDataSource() {
            return new DriverManagerDataSource(TestSupport.h2Url(), "sa", "");
        }

        @Bean
        @MigrateDataSource
        DataSource migrationDataSource() {
            return new DriverManagerDataSource(TestSupport.h2Url(), "sa", "");
        }
    }
}
