package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationConfigurationException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Exit mode before the context ({@code migrate.exit-before-context=true}), in-process: the command
 * runs on the connection the properties name, with the exit code of exit mode, and the connection
 * is chosen from {@code migrate.*} and {@code spring.datasource.*} as the context chooses it. The
 * packaged jar's run (no context created, SIGTERM, JSON) is in the sample's ExitBeforeContextJarIT
 * and ShutdownJarIT.
 */
class ExitBeforeContextTests {

    @Test
    void runsTheCommandAndEndsWithItsExitCode() throws Exception {
        String url = TestSupport.h2Url();
        List<Integer> codes = new ArrayList<>();
        ExitBeforeContext.run(environment("migrate.mode", "exit", "spring.datasource.url", url), codes::add);
        assertThat(codes).containsExactly(ExitCommand.OK);
        assertThat(applied(url)).containsExactly("1_create_things.sql", "2_seed_things.sql");

        codes.clear();
        ExitBeforeContext.run(
                environment("migrate.mode", "exit", "migrate.command", "down", "spring.datasource.url", url),
                codes::add);
        assertThat(codes).containsExactly(ExitCommand.OK);
        assertThat(applied(url)).containsExactly("1_create_things.sql");
    }

    @Test
    void eachMigratorsEntryRunsOnItsOwnUrl() throws Exception {
        String first = TestSupport.h2Url();
        String second = TestSupport.h2Url();
        List<Integer> codes = new ArrayList<>();
        ExitBeforeContext.run(
                environment(
                        "migrate.mode",
                        "exit",
                        "migrate.migrators.first.url",
                        first,
                        "migrate.migrators.second.url",
                        second,
                        "migrate.migrators.second.table",
                        "second_history"),
                codes::add);
        assertThat(codes).containsExactly(ExitCommand.OK);
        assertThat(applied(first)).containsExactly("1_create_things.sql", "2_seed_things.sql");
        assertThat(applied(second, "second_history"))
                .as("the entry's own settings")
                .containsExactly("1_create_things.sql", "2_seed_things.sql");
    }

    @Test
    void aSettingThatDoesNotFitTheCommandEndsWithExitCodeOne() {
        List<Integer> codes = new ArrayList<>();
        ExitBeforeContext.run(
                environment(
                        "migrate.mode", "exit",
                        "migrate.command", "status",
                        "migrate.limit", "1",
                        "spring.datasource.url", TestSupport.h2Url()),
                codes::add);
        assertThat(codes).containsExactly(ExitCommand.FAILED);
    }

    @Test
    void anEntryNamingADataSourceBeanIsRefusedByName() {
        List<Integer> codes = new ArrayList<>();
        assertThatThrownBy(() -> ExitBeforeContext.run(
                        environment("migrate.mode", "exit", "migrate.migrators.orders.data-source", "ordersDataSource"),
                        codes::add))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("migrate.migrators.orders.data-source names a DataSource bean")
                .hasMessageContaining("migrate.migrators.orders.url");
        assertThat(codes).isEmpty();
    }

    @Test
    void withoutAnyUrlItFailsNamingBothSettings() {
        assertThatThrownBy(() -> ExitBeforeContext.run(environment("migrate.mode", "exit"), code -> {}))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("migrate.url")
                .hasMessageContaining("spring.datasource.url");
    }

    @Test
    void aMigrateUrlThatIsNoJdbcUrlIsRefused() {
        assertThatThrownBy(() -> ExitBeforeContext.run(
                        environment("migrate.mode", "exit", "migrate.url", "postgres://db/app"), code -> {}))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("invalid migrate.url");
    }

    @Test
    void theConnectionIsChosenAsTheContextChoosesIt() {
        String[] spring = {
            "spring.datasource.url", "jdbc:h2:mem:app",
            "spring.datasource.username", "app",
            "spring.datasource.password", "app-secret"
        };
        assertThat(connection(spring)).containsExactly("jdbc:h2:mem:app", "app", "app-secret");
        assertThat(connection(spring, "migrate.url", "jdbc:h2:mem:own"))
                .as("migrate.url alone: user and password from spring.datasource.*")
                .containsExactly("jdbc:h2:mem:own", "app", "app-secret");
        assertThat(connection(spring, "migrate.user", "owner", "migrate.password", "owner-secret"))
                .as("migrate.user: spring.datasource.url with migrate's user and password")
                .containsExactly("jdbc:h2:mem:app", "owner", "owner-secret");
        assertThat(connection(spring, "migrate.url", "jdbc:h2:mem:own", "migrate.password", "own-secret"))
                .as("migrate.url and migrate.password: spring.datasource.username")
                .containsExactly("jdbc:h2:mem:own", "app", "own-secret");
    }

    @Test
    void theApplicationsDriverGoesWithTheApplicationsUrl() {
        // a driver the URL would not choose: the setting, not the URL, picked it
        String[] spring = {
            "spring.datasource.url", "jdbc:h2:mem:app",
            "spring.datasource.driver-class-name", "org.postgresql.Driver"
        };
        assertThat(simpleDataSource(spring).getDriver()).isInstanceOf(org.postgresql.Driver.class);
        assertThat(simpleDataSource(spring, "migrate.url", "jdbc:h2:mem:own").getDriver())
                .as("migrate.url: the driver of that URL")
                .isInstanceOf(org.h2.Driver.class);
    }

    private static List<String> connection(String[] base, String... more) {
        SimpleDriverDataSource simple = simpleDataSource(base, more);
        return List.of(simple.getUrl(), simple.getUsername(), simple.getPassword());
    }

    private static SimpleDriverDataSource simpleDataSource(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        StandardEnvironment environment = environment(all.toArray(String[]::new));
        Binder binder = Binder.get(environment);
        return (SimpleDriverDataSource)
                ExitBeforeContext.dataSource(binder.bindOrCreate("migrate", MigrateProperties.class), binder);
    }

    private static StandardEnvironment environment(String... keysAndValues) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            properties.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }

    private static List<String> applied(String url) throws Exception {
        return applied(url, "gorp_migrations");
    }

    private static List<String> applied(String url, String table) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = new SimpleDriverDataSource(new org.h2.Driver(), url).getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select \"id\" from \"" + table + "\" order by \"id\"")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
