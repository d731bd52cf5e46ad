package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.JarProcess;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code migrate.exit-before-context=true} from the packaged jar, as a migration Job runs it: the
 * command runs before the application context exists (no bean of the sample is created: its
 * start-up line "Starting SampleApplication", which Spring Boot logs when it prepares the context,
 * never appears), with the same results, exit codes and output as exit mode in the context, and
 * the settings it cannot honour are refused by name.
 */
class ExitBeforeContextJarIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("sampleearly");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private List<String> args(String location, String... more) {
        List<String> all = new ArrayList<>(List.of(
                "--migrate.mode=exit",
                "--migrate.exit-before-context=true",
                "--migrate.locations=" + location,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        all.addAll(List.of(more));
        return all;
    }

    private static void assertNoContext(JarProcess jar) {
        assertThat(jar.output())
                .as("the command ran before the context")
                .contains("migrate: running migrate.command before the application context exists")
                .doesNotContain("Starting SampleApplication", "Started SampleApplication", "Tomcat");
    }

    @Test
    void appliesThenFindsNothingPendingWithoutStartingTheContext() throws Exception {
        Path dir = Files.createDirectory(work.resolve("migrations"));
        Files.writeString(dir.resolve("1_create_orders.sql"), """
                -- +migrate Up
                create table orders (id bigint primary key, total numeric not null);

                -- +migrate Down
                drop table orders;
                """);
        Files.writeString(dir.resolve("2_seed_orders.sql"), """
                -- +migrate Up
                insert into orders values (1, 9.99);

                -- +migrate Down
                delete from orders;
                """);
        try (JarProcess jar = JarProcess.start(work, args("filesystem:" + dir).toArray(String[]::new))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isZero();
            assertNoContext(jar);
            assertThat(jar.out()).contains("1_create_orders.sql", "2_seed_orders.sql", "exit code 0");
        }
        assertThat(jdbc().queryForList("select id from gorp_migrations order by id", String.class))
                .containsExactly("1_create_orders.sql", "2_seed_orders.sql");
        try (JarProcess jar = JarProcess.start(work, args("filesystem:" + dir).toArray(String[]::new))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isZero();
            assertNoContext(jar);
            assertThat(jar.out()).contains("up to date, nothing pending");
        }
        assertThat(jdbc().queryForObject("select count(*) from orders", Long.class))
                .as("applied once")
                .isEqualTo(1);
    }

    @Test
    void theJarsOwnClasspathMigrationsAndJsonStatus() throws Exception {
        try (JarProcess jar =
                JarProcess.start(work, args("classpath:db/migrations").toArray(String[]::new))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isZero();
        }
        try (JarProcess jar = JarProcess.start(
                work,
                args("classpath:db/migrations", "--migrate.command=status", "--migrate.output=json")
                        .toArray(String[]::new))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isZero();
            assertThat(jar.err()).contains("before the application context exists");
            String stdout = jar.out().strip();
            assertThat(stdout).as("stdout holds the JSON alone").startsWith("{").endsWith("}");
            assertThat(JsonParserFactory.getJsonParser().parseMap(stdout))
                    .containsEntry("command", "status")
                    .containsEntry("exitCode", 0);
            assertThat(stdout).contains("20240101000000-create_notes.sql");
        }
    }

    @Test
    void aBrokenMigrationExitsOneNamingFileAndLineAndIsNotRecorded() throws Exception {
        Path dir = Files.createDirectory(work.resolve("broken"));
        Files.writeString(dir.resolve("1_good.sql"), """
                -- +migrate Up
                create table good (id int);
                """);
        Files.writeString(dir.resolve("2_broken.sql"), """
                -- +migrate Up
                create table half (id int);

                insert into missing_table values (1);
                """);
        try (JarProcess jar = JarProcess.start(work, args("filesystem:" + dir).toArray(String[]::new))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isEqualTo(1);
            assertNoContext(jar);
            assertThat(jar.err())
                    .contains("2_broken.sql")
                    .contains("line 4")
                    .contains("relation \"missing_table\" does not exist");
        }
        assertThat(jdbc().queryForList("select id from gorp_migrations", String.class))
                .containsExactly("1_good.sql");
    }

    @Test
    void withoutAUrlItFailsNamingTheSettings() throws Exception {
        // the sample's own post-processor would start an embedded PostgreSQL and set the URL
        try (JarProcess jar = JarProcess.start(
                work,
                "--migrate.mode=exit",
                "--migrate.exit-before-context=true",
                "--sample.embedded-postgres.enabled=false")) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isNotZero();
            assertThat(jar.output())
                    .contains("migrate.exit-before-context=true needs the database in properties")
                    .contains("migrate.url", "spring.datasource.url")
                    .doesNotContain("Starting SampleApplication");
        }
    }

    @Test
    void anEntryNamingADataSourceBeanIsRefused() throws Exception {
        try (JarProcess jar = JarProcess.start(
                work,
                args(
                                "classpath:db/migrations",
                                "--migrate.migrators.orders.data-source=ordersDataSource",
                                "--migrate.migrators.orders.locations=classpath:db/migrations")
                        .toArray(String[]::new))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isNotZero();
            assertThat(jar.output())
                    .contains("migrate.migrators.orders.data-source names a DataSource bean")
                    .contains("migrate.migrators.orders.url");
        }
        assertThat(jdbc().queryForObject(
                                "select count(*) from information_schema.tables where table_name = 'gorp_migrations'",
                                Long.class))
                .as("nothing ran")
                .isZero();
    }

    @Test
    void outsideExitModeTheSettingIsRefused() throws Exception {
        try (JarProcess jar = JarProcess.start(
                work,
                "--migrate.exit-before-context=true",
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password())) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isNotZero();
            assertThat(jar.output()).contains("migrate.exit-before-context applies only to migrate.mode=exit");
        }
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(database.dataSource());
    }
}
