package dev.migrate.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.JarProcess;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code migrate.output=json} from the packaged jar, as a CI script runs it: stdout holds one JSON
 * document and nothing else (a real JSON parser reads all of it), the banner and the logs go to
 * stderr.
 */
class ExitModeJsonJarIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(120);

    private final JsonMapper json = JsonMapper.builder().build();

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

    /** Runs the jar in exit mode with these arguments; returns stdout parsed whole, after checking the exit code. */
    private JsonNode run(int expectedExitCode, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(
                "--migrate.mode=exit",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        all.addAll(List.of(args));
        try (JarProcess jar = JarProcess.start(work, all.toArray(String[]::new))) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.output()).isEqualTo(expectedExitCode);
            if (args.length > 0 && String.join(" ", args).contains("migrate.output=json")) {
                assertThat(jar.err())
                        .as("the banner and the logs go to stderr")
                        .contains(":: Spring Boot ::", "migrate");
                return json.readTree(jar.out());
            }
            return json.nullNode();
        }
    }

    @Test
    void planStatusAndValidatePrintOnlyJsonOnStdout() throws Exception {
        JsonNode plan = run(0, "--migrate.command=plan", "--migrate.output=json");
        assertThat(plan.path("command").asString()).isEqualTo("plan");
        JsonNode steps = plan.at("/migrators/migrator/steps");
        assertThat(steps.size()).isEqualTo(3);
        assertThat(steps.at("/0/id").asString()).isEqualTo("20240101000000-create_notes.sql");
        assertThat(steps.at("/0/statements/0/sql").asString()).containsIgnoringCase("create table");

        run(0, "--migrate.target=20240101000100-seed_notes.sql");

        JsonNode status = run(0, "--migrate.command=status", "--migrate.output=json");
        assertThat(status.path("exitCode").asInt()).isZero();
        assertThat(status.at("/migrators/migrator/applied").asInt()).isEqualTo(2);
        assertThat(status.at("/migrators/migrator/pending").asInt()).isEqualTo(1);
        assertThat(status.at("/migrators/migrator/migrations/2/state").asString())
                .isEqualTo("pending");

        JsonNode validate = run(0, "--migrate.command=validate", "--migrate.output=json");
        assertThat(validate.at("/migrators/migrator/valid").asBoolean()).isTrue();
    }
}
