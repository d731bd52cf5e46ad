package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.JarProcess;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.json.JsonParserFactory;

/**
 * {@code migrate.output=json} from the packaged jar, as a CI script runs it: stdout holds one JSON
 * document and nothing else (all of it is read by a real JSON parser: Spring Boot's, which is
 * Jackson here, on every Boot line this test runs on), the banner and the logs go to stderr.
 */
class ExitModeJsonJarIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path work;

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("samplejson");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    /** Runs the jar in exit mode with these arguments and checks the exit code; returns stdout. */
    private String run(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "--migrate.mode=exit",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        all.addAll(List.of(args));
        try (JarProcess jar = JarProcess.start(work, all.toArray(String[]::new))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isZero();
            if (all.contains("--migrate.output=json")) {
                assertThat(jar.err())
                        .as("the banner and the logs go to stderr")
                        .contains(":: Spring Boot ::", "migrate");
            }
            return jar.out();
        }
    }

    /** All of stdout as one JSON object: nothing before or after it. */
    private static Map<String, Object> json(String stdout) {
        assertThat(stdout.strip()).startsWith("{").endsWith("}");
        return JsonParserFactory.getJsonParser().parseMap(stdout);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> migrator(Map<String, Object> document) {
        return (Map<String, Object>) ((Map<String, Object>) document.get("migrators")).get("migrator");
    }

    @Test
    @SuppressWarnings("unchecked")
    void planStatusAndValidatePrintOnlyJsonOnStdout() throws Exception {
        Map<String, Object> plan = json(run("--migrate.command=plan", "--migrate.output=json"));
        assertThat(plan).containsEntry("command", "plan").containsEntry("schemaVersion", 1);
        List<Map<String, Object>> steps =
                (List<Map<String, Object>>) migrator(plan).get("steps");
        assertThat(steps).hasSize(3);
        assertThat(steps.get(0)).containsEntry("id", "20240101000000-create_notes.sql");
        List<Map<String, Object>> statements =
                (List<Map<String, Object>>) steps.get(0).get("statements");
        assertThat((String) statements.get(0).get("sql")).containsIgnoringCase("create table");

        run("--migrate.target=20240101000100-seed_notes.sql");

        Map<String, Object> status = json(run("--migrate.command=status", "--migrate.output=json"));
        assertThat(status).containsEntry("exitCode", 0);
        assertThat(migrator(status)).containsEntry("applied", 2).containsEntry("pending", 1);
        List<Map<String, Object>> migrations =
                (List<Map<String, Object>>) migrator(status).get("migrations");
        assertThat(migrations.get(2)).containsEntry("state", "pending");

        Map<String, Object> validate = json(run("--migrate.command=validate", "--migrate.output=json"));
        assertThat(migrator(validate)).containsEntry("valid", true);
    }
}
