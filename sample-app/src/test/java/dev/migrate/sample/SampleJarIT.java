package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.JarProcess;
import dev.migrate.testing.LocalHttp;
import dev.migrate.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The public contract of the packaged jar: {@code java -jar sample-app.jar --migrate.mode=exit
 * --migrate.locations=filesystem:DIR --spring.datasource.url=... --spring.datasource.username=...}
 * applies DIR and exits 0, or exits non-zero with file, line and database message on stderr; the
 * jar finds its own {@code classpath:} migrations; and as a service its probes tell Kubernetes
 * the truth during a slow migration.
 */
class SampleJarIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("sampleit");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void exitModeAppliesAFolderAndExitsZero() throws Exception {
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
        try (JarProcess jar = JarProcess.start(work, exitModeArgs("filesystem:" + dir))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.err()).isZero();
            assertThat(jar.out()).contains("1_create_orders.sql", "2_seed_orders.sql");
            assertThat(jar.out()).doesNotContain("Tomcat started", "Tomcat initialized");
        }
        assertThat(jdbc().queryForObject("select count(*) from orders", Long.class))
                .isEqualTo(1);
        assertThat(jdbc().queryForList("select id from gorp_migrations order by id", String.class))
                .containsExactly("1_create_orders.sql", "2_seed_orders.sql");
    }

    @Test
    void brokenMigrationExitsNonZeroWithFileLineAndDatabaseMessage() throws Exception {
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
        try (JarProcess jar = JarProcess.start(work, exitModeArgs("filesystem:" + dir))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).isNotZero();
            assertThat(jar.err())
                    .contains("2_broken.sql")
                    .contains("line 4")
                    .contains("relation \"missing_table\" does not exist");
        }
        assertThat(jdbc().queryForList("select id from gorp_migrations", String.class))
                .containsExactly("1_good.sql");
        assertThat(tables()).contains("good").doesNotContain("half");
    }

    @Test
    void inRunnerModeABrokenMigrationFailsStartUpWithFileLineAndDatabaseMessage() throws Exception {
        Path dir = Files.createDirectory(work.resolve("broken-runner"));
        Files.writeString(dir.resolve("1_broken.sql"), """
                -- +migrate Up
                alter table no_such_table add column x int;
                """);
        try (JarProcess jar = JarProcess.start(
                work,
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--migrate.locations=filesystem:" + dir,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password())) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).isNotZero();
            assertThat(jar.out() + jar.err())
                    .contains("APPLICATION FAILED TO START")
                    .contains("migration 1_broken.sql failed at line 2")
                    .contains("relation \"no_such_table\" does not exist");
        }
    }

    @Test
    void theJarMigratesItsOwnClasspathMigrations() throws Exception {
        try (JarProcess jar = JarProcess.start(
                work,
                "--migrate.mode=exit",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password())) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.err()).isZero();
        }
        assertThat(tables()).contains("notes", "gorp_migrations");
        assertThat(jdbc().queryForObject("select count(*) from notes", Long.class))
                .isEqualTo(2);
        assertThat(jdbc().queryForList("select id from gorp_migrations order by id", String.class))
                .containsExactly(
                        "20240101000000-create_notes.sql",
                        "20240101000100-seed_notes.sql",
                        "20240101000200-notes_created_at_index.sql");
    }

    @Test
    void theJarCarriesTheSpringBootLineItIsBuiltFor() throws Exception {
        String line = System.getProperty("sample.boot.line");
        assertThat(line)
                .as("system property sample.boot.line (set by the module's failsafe configuration)")
                .isNotBlank();
        try (JarFile jar = new JarFile(System.getProperty("sample.jar"))) {
            List<String> boot = jar.stream()
                    .map(JarEntry::getName)
                    .filter(name -> name.matches("BOOT-INF/lib/spring-boot-\\d.*\\.jar"))
                    .toList();
            assertThat(boot).singleElement().asString().startsWith("BOOT-INF/lib/spring-boot-" + line + ".");
        }
    }

    @Test
    void withoutADatasourceUrlItRunsOnAnEmbeddedPostgres() throws Exception {
        try (JarProcess jar = JarProcess.start(work, "--migrate.mode=exit")) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.err()).isZero();
            assertThat(jar.out()).contains("embedded PostgreSQL", "20240101000000-create_notes.sql");
        }
    }

    @Test
    void duringASlowMigrationLivenessIsUpAndReadinessIsNot() throws Exception {
        Path dir = Files.createDirectory(work.resolve("slow"));
        Files.writeString(dir.resolve("30000101000000-slow.sql"), """
                -- +migrate Up
                select pg_sleep(5);
                """);
        int port = LocalHttp.freePort();
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try (JarProcess jar = JarProcess.start(
                work,
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--migrate.locations=classpath:db/migrations,filesystem:" + dir,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password())) {
            String base = "http://127.0.0.1:" + port;
            // wait until liveness is UP: the runner, and with it the slow migration, starts right after
            HttpResponse<String> liveness = Eventually.value("liveness UP", () -> {
                assertThat(jar.isAlive())
                        .as("the service runs\n" + jar.out() + jar.err())
                        .isTrue();
                HttpResponse<String> answer = get(base + "/actuator/health/liveness");
                return answer != null && answer.statusCode() == 200 ? answer : null;
            });
            HttpResponse<String> readiness = get(base + "/actuator/health/readiness");
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(JsonPath.parse(liveness.body()).read("$.status", String.class))
                    .isEqualTo("UP");
            assertThat(readiness.statusCode()).isEqualTo(503);

            HttpResponse<String> ready = Eventually.value("readiness UP once the slow migration ran", () -> {
                HttpResponse<String> answer = get(base + "/actuator/health/readiness");
                return answer != null && answer.statusCode() == 200 ? answer : null;
            });
            assertThat(ready.statusCode()).isEqualTo(200);
            assertThat(jar.out()).contains("30000101000000-slow.sql");

            HttpResponse<String> notes = get(base + "/notes");
            assertThat(notes.statusCode()).isEqualTo(200);
            assertThat(notes.body()).contains("Migrations ran once");
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/notes"))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"from the IT\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(created.statusCode()).isEqualTo(201);
            HttpResponse<String> endpoint = get(base + "/actuator/migrate");
            assertThat(endpoint.statusCode()).isEqualTo(200);
            DocumentContext migrate = JsonPath.parse(endpoint.body());
            assertThat(migrate.read("$.migrators.*.applied[*].id", List.class)).contains("30000101000000-slow.sql");
            assertThat(migrate.read("$.migrators.*.lock.type", List.class)).containsExactly("postgres-advisory");
            HttpResponse<String> health = get(base + "/actuator/health");
            assertThat(JsonPath.parse(health.body()).read("$.components.migrate.status", String.class))
                    .isEqualTo("UP");
        }
    }

    @Test
    void theEnginesLogFollowsSpringBootsLoggingLevels() throws Exception {
        Path dir = Files.createDirectory(work.resolve("migrations"));
        Files.writeString(dir.resolve("1_create_orders.sql"), """
                -- +migrate Up
                create table orders (id bigint primary key);
                """);
        String[] debug = concat(exitModeArgs("filesystem:" + dir), "--logging.level.dev.migrate=DEBUG");
        try (JarProcess jar = JarProcess.start(work, debug)) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.err()).isZero();
            // A DEBUG line of the core (System.Logger), shown because Boot's level for dev.migrate says so.
            assertThat(jar.out()).contains("Took the migration lock");
        }
        try (JarProcess jar =
                JarProcess.start(work, concat(exitModeArgs("filesystem:" + dir), "--migrate.command=status"))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.err()).isZero();
            assertThat(jar.out()).doesNotContain("DEBUG");
        }
    }

    private static String[] concat(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private String[] exitModeArgs(String locations) {
        return List.of(
                        "--migrate.mode=exit",
                        "--migrate.locations=" + locations,
                        "--spring.datasource.url=" + database.url(),
                        "--spring.datasource.username=" + database.user(),
                        "--spring.datasource.password=" + database.password())
                .toArray(String[]::new);
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(database.dataSource());
    }

    private List<String> tables() {
        return jdbc().queryForList(
                        "select table_name from information_schema.tables where table_schema = 'public'", String.class);
    }

    private static @Nullable HttpResponse<String> get(String url) throws InterruptedException {
        return LocalHttp.get(url, Duration.ofSeconds(5));
    }
}
