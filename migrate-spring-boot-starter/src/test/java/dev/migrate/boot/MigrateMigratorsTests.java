package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.migration;
import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrateCallback;
import dev.migrate.MigrateOperation;
import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code migrate.migrators.NAME.*}: several databases from properties in one context, two real
 * PostgreSQL databases and one MariaDB, each migrated at start-up, each shown by name.
 */
class MigrateMigratorsTests {

    private final List<TestDatabase> databases = new ArrayList<>();
    private TestDatabase orders;
    private TestDatabase billing;
    private TestDatabase legacy;

    @TempDir
    Path dir;

    private Path ordersDir;
    private Path billingDir;
    private Path legacyDir;

    @BeforeEach
    void createDatabases() throws Exception {
        orders = database(TestDatabase.postgres("orders"));
        billing = database(TestDatabase.postgres("billing"));
        legacy = database(TestDatabase.mariadb("legacy"));
        ordersDir = Files.createDirectory(dir.resolve("orders"));
        billingDir = Files.createDirectory(dir.resolve("billing"));
        legacyDir = Files.createDirectory(dir.resolve("legacy"));
        migration(ordersDir, "1_orders.sql", """
                -- +migrate Up
                create table orders (id int primary key);
                -- +migrate Down
                drop table orders;
                """);
        migration(billingDir, "1_invoices.sql", """
                -- +migrate Up
                create table invoices (id int primary key);
                -- +migrate Down
                drop table invoices;
                """);
        migration(billingDir, "2_invoice_lines.sql", """
                -- +migrate Up
                create table invoice_lines (id int primary key);
                -- +migrate Down
                drop table invoice_lines;
                """);
        migration(legacyDir, "1_customers.sql", """
                -- +migrate Up
                create table customers (id int primary key);
                -- +migrate Down
                drop table customers;
                """);
    }

    private TestDatabase database(TestDatabase database) {
        databases.add(database);
        return database;
    }

    @AfterEach
    void dropDatabases() {
        databases.forEach(TestDatabase::close);
    }

    /** orders by a DataSource bean's name, billing and legacy by URL; no application DataSource at all. */
    private ApplicationContextRunner threeDatabases() {
        return TestSupport.startedByTheTest(new ApplicationContextRunner())
                .withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class))
                .withBean("ordersDataSource", DataSource.class, orders::dataSource)
                .withPropertyValues(
                        "migrate.migrators.orders.data-source=ordersDataSource",
                        "migrate.migrators.orders.locations=filesystem:" + ordersDir,
                        "migrate.migrators.billing.url=" + billing.url(),
                        "migrate.migrators.billing.user=" + billing.user(),
                        "migrate.migrators.billing.password=" + billing.password(),
                        "migrate.migrators.billing.locations=filesystem:" + billingDir,
                        "migrate.migrators.billing.table=billing_history",
                        "migrate.migrators.legacy.url=" + legacy.url(),
                        "migrate.migrators.legacy.user=" + legacy.user(),
                        "migrate.migrators.legacy.password=" + legacy.password(),
                        "migrate.migrators.legacy.locations=filesystem:" + legacyDir,
                        "migrate.migrators.legacy.lock.timeout=45s");
    }

    @Test
    void threeDatabasesFromPropertiesAreEachMigratedAndShownByName() {
        threeDatabases().run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean("migrator");
            assertThat(context.getBeansOfType(Migrator.class))
                    .containsOnlyKeys("ordersMigrator", "billingMigrator", "legacyMigrator");
            runMigrateRunner(context);

            assertThat(applied(orders, "gorp_migrations")).containsExactly("1_orders.sql");
            assertThat(applied(billing, "billing_history")).containsExactly("1_invoices.sql", "2_invoice_lines.sql");
            assertThat(applied(legacy, "gorp_migrations")).containsExactly("1_customers.sql");
            assertThat(tables(billing)).contains("invoices", "invoice_lines").doesNotContain("orders");

            MigrateEndpoint.MigratorsDescriptor shown = new MigrateEndpoint(
                            context.getBean(MigrateExecutions.class), context.getBean(DdlLockRetries.class))
                    .migrations();
            assertThat(shown.migrators()).containsOnlyKeys("orders", "billing", "legacy");
            assertThat(shown.migrators().get("billing").applied()).hasSize(2);
            assertThat(shown.migrators().get("orders").lock().type()).isEqualTo("postgres-advisory");
            assertThat(shown.migrators().get("legacy").lock().type()).isEqualTo("mysql-named");

            CompositeHealthContributor health = (CompositeHealthContributor) context.getBean("migrateHealthIndicator");
            for (String name : List.of("orders", "billing", "legacy")) {
                Health one = ((HealthIndicator) health.getContributor(name)).health();
                assertThat(one.getStatus()).as(name).isEqualTo(Status.UP);
                assertThat(one.getDetails()).as(name).containsEntry("run", "succeeded");
            }
        });
    }

    @Test
    void anEntryTakesWhatItLeavesOutFromMigrateProperties() {
        threeDatabases()
                .withPropertyValues("migrate.table=shared_history", "migrate.lock.timeout=7s")
                .run(context -> {
                    runMigrateRunner(context);
                    // orders and legacy name no table, so migrate.table applies; billing names its own
                    assertThat(applied(orders, "shared_history")).containsExactly("1_orders.sql");
                    assertThat(applied(legacy, "shared_history")).containsExactly("1_customers.sql");
                    assertThat(applied(billing, "billing_history")).hasSize(2);
                });
    }

    @Test
    void customizersAreToldEachMigratorsNameAndCallbacksHearEveryMigrator() {
        List<String> customized = new CopyOnWriteArrayList<>();
        List<String> heard = new CopyOnWriteArrayList<>();
        threeDatabases()
                .withBean("naming", MigratorCustomizer.class, () -> new MigratorCustomizer() {
                    @Override
                    public void customize(Migrator.Builder builder) {}

                    @Override
                    public void customize(String name, Migrator.Builder builder) {
                        customized.add(name);
                    }
                })
                .withBean(
                        "billingOnly",
                        MigratorCustomizer.class,
                        () -> MigratorCustomizer.forMigrator(
                                "billing",
                                builder -> builder.callbacks(new MigrateCallback() {
                                    @Override
                                    public void afterRun(MigrateOperation operation, MigrateResult result) {
                                        heard.add("billing-only:" + result.count());
                                    }
                                })))
                .withBean(MigrateCallback.class, () -> new MigrateCallback() {
                    @Override
                    public void afterRun(MigrateOperation operation, MigrateResult result) {
                        heard.add("every:" + result.count());
                    }
                })
                .run(context -> {
                    runMigrateRunner(context);
                    assertThat(customized).containsExactlyInAnyOrder("orders", "billing", "legacy");
                    assertThat(heard).containsExactlyInAnyOrder("every:1", "every:2", "every:1", "billing-only:2");
                });
    }

    @Test
    void aWrongDataSourceBeanNameFailsStartUpNamingTheProperty() {
        threeDatabases()
                .withPropertyValues("migrate.migrators.orders.data-source=orderDataSource")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(messages(context.getStartupFailure()))
                            .contains("invalid migrate.migrators.orders.data-source: there is no DataSource bean"
                                    + " named 'orderDataSource'; DataSource beans: [ordersDataSource]");
                });
    }

    @Test
    void anEntrysWrongSettingFailsStartUpNamingTheEntrysProperty() {
        threeDatabases()
                .withPropertyValues("migrate.migrators.billing.table=x; drop table y")
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("invalid migrate.migrators.billing.table"));
    }

    @Test
    void anEntryThatNamesNoDatabaseWithoutAnApplicationDataSourceFailsStartUpNamingIt() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class))
                .withPropertyValues(
                        "migrate.migrators.billing.url=" + billing.url(),
                        "migrate.migrators.billing.user=" + billing.user(),
                        "migrate.migrators.billing.password=" + billing.password(),
                        "migrate.migrators.orders.locations=filesystem:" + ordersDir)
                .run(context -> assertThat(messages(context.getStartupFailure()))
                        .contains("migrate.migrators.orders names no database: set"
                                + " migrate.migrators.orders.data-source (a DataSource bean's name) or"
                                + " migrate.migrators.orders.url"));
    }

    @Test
    void withoutEntriesTheSingleMigratorIsNamedDefaultAndShownAsMigrator() {
        new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + orders.url(),
                        "spring.datasource.username=" + orders.user(),
                        "spring.datasource.password=" + orders.password(),
                        "migrate.locations=filesystem:" + ordersDir)
                .run(context -> {
                    assertThat(context.getBean("migrator", Migrator.class).name())
                            .isEqualTo("default");
                    assertThat(context.getBean(MigrateExecutions.class).byName())
                            .containsOnlyKeys("migrator");
                    runMigrateRunner(context);
                    assertThat(applied(orders, "gorp_migrations")).containsExactly("1_orders.sql");
                });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static List<String> applied(TestDatabase database, String table) {
        return new JdbcTemplate(database.dataSource())
                .queryForList("select id from " + table + " order by id", String.class);
    }

    private static List<String> tables(TestDatabase database) {
        return new JdbcTemplate(database.dataSource())
                .queryForList(
                        "select table_name from information_schema.tables where table_schema = current_schema()",
                        String.class);
    }
}
