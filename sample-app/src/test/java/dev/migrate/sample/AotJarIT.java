package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.JarProcess;
import dev.migrate.testing.LocalHttp;
import dev.migrate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The jar processed by Spring AOT ({@code spring-boot:process-aot} at build time) and run with
 * {@code -Dspring.aot.enabled=true}, as a native image runs: it migrates, and {@code
 * migrate.enabled=false} given at run time still stops it from migrating although the beans were
 * fixed at build time; in exit mode it migrates and ends.
 */
class AotJarIT {

    private static final List<String> AOT = List.of("-Dspring.aot.enabled=true");

    @TempDir
    Path work;

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("sampleaot");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void underSpringAotTheServiceMigratesAndBecomesReady() throws Exception {
        int port = LocalHttp.freePort();
        try (JarProcess jar = JarProcess.start(work, AOT, arguments(port))) {
            awaitReady(jar, port);
            assertThat(jar.out()).contains("Starting AOT-processed SampleApplication");
        }
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForList("select id from gorp_migrations order by id", String.class))
                .containsExactly(
                        "20240101000000-create_notes.sql",
                        "20240101000100-seed_notes.sql",
                        "20240101000200-notes_created_at_index.sql");
    }

    @Test
    void underSpringAotMigrateEnabledFalseAtRunTimeStillSwitchesMigratingOff() throws Exception {
        int port = LocalHttp.freePort();
        List<String> args = new java.util.ArrayList<>(List.of(arguments(port)));
        args.add("--migrate.enabled=false");
        try (JarProcess jar = JarProcess.start(work, AOT, args.toArray(String[]::new))) {
            awaitReady(jar, port);
            assertThat(jar.out()).contains("Starting AOT-processed SampleApplication", "migrate.enabled=false");
        }
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject(
                                "select count(*) from information_schema.tables where table_name = 'gorp_migrations'",
                                Long.class))
                .isZero();
    }

    @Test
    void underSpringAotExitModeMigratesAndEndsWithZero() throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(arguments(LocalHttp.freePort())));
        args.add("--migrate.mode=exit");
        try (JarProcess jar = JarProcess.start(work, AOT, args.toArray(String[]::new))) {
            assertThat(jar.waitFor(Duration.ofSeconds(120))).as(jar.output()).isZero();
            assertThat(jar.out())
                    .contains("Starting AOT-processed SampleApplication")
                    .contains("migrate: exit mode: ending the process with exit code 0");
        }
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject("select count(*) from gorp_migrations", Long.class))
                .isEqualTo(3);
    }

    private String[] arguments(int port) {
        return new String[] {
            "--server.port=" + port,
            "--server.address=127.0.0.1",
            "--spring.datasource.url=" + database.url(),
            "--spring.datasource.username=" + database.user(),
            "--spring.datasource.password=" + database.password()
        };
    }

    /** Readiness turns UP once the runner has migrated (or decided not to). */
    private static void awaitReady(JarProcess jar, int port) throws Exception {
        String readiness = "http://127.0.0.1:" + port + "/actuator/health/readiness";
        Eventually.until("the AOT-processed service ready", Duration.ofSeconds(120), () -> {
            if (!jar.isAlive()) {
                throw new AssertionError("the AOT-processed service ended before it was ready\n" + jar.output());
            }
            HttpResponse<String> response = LocalHttp.get(readiness, Duration.ofSeconds(5));
            return response != null && response.statusCode() == 200; // null: not listening yet
        });
    }
}
