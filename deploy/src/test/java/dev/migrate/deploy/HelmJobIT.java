package dev.migrate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.JarProcess;
import dev.migrate.testing.TestDatabase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the chart renders is what runs: the rendered Job's (and initContainer's) container
 * arguments and environment, Secret values resolved as the kubelet would, given to the sample's
 * jar (the image's {@code java -jar app.jar}) against a real PostgreSQL. There is no cluster here;
 * the process is the container.
 */
class HelmJobIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(180);

    @TempDir
    Path work;

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("helmjob");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void theRenderedJobMigratesTheDatabaseAndExitsZero() throws Exception {
        RenderedChart chart = RenderedChart.render(Map.of(
                "database.url", database.url(),
                "database.username", database.user(),
                "database.password", database.password().isEmpty() ? "unused" : database.password()));
        Container migrate = chart.one(Job.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);

        try (JarProcess jar = run(chart, migrate)) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.out() + jar.err()).isZero();
            assertThat(jar.out()).doesNotContain("Tomcat started");
            // the chart's migration.jvmOptions reached the JVM, which names what it picked up
            assertThat(jar.err()).contains("Picked up JAVA_TOOL_OPTIONS: -XX:TieredStopAtLevel=1");
        }

        assertThat(history())
                .containsExactly(
                        "20240101000000-create_notes.sql",
                        "20240101000100-seed_notes.sql",
                        "20240101000200-notes_created_at_index.sql");
    }

    @Test
    void theRenderedInitContainerMigratesAndTheRollbackRecipesDownJobUndoesWhatTheOlderReleaseLacks() throws Exception {
        Map<String, Object> values = Map.of(
                "migration.runner",
                "initContainer",
                "database.url",
                database.url(),
                "database.username",
                database.user(),
                "database.password",
                database.password().isEmpty() ? "unused" : database.password());
        RenderedChart chart = RenderedChart.render(values);
        Container init = chart.one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getInitContainers()
                .get(0);
        try (JarProcess jar = run(chart, init)) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.out() + jar.err()).isZero();
        }
        assertThat(history()).hasSize(3);

        // operations.md's rollback recipe: the Job with migration.command=down down to the older release's newest
        Map<String, Object> down = new HashMap<>(values);
        down.put("migration.runner", "job");
        down.put("migration.command", "down");
        down.put("migration.target", "20240101000100-seed_notes.sql");
        RenderedChart downChart = RenderedChart.render(down);
        Container job = downChart
                .one(Job.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        try (JarProcess jar = run(downChart, job)) {
            assertThat(jar.waitFor(EXIT_TIMEOUT)).as(jar.out() + jar.err()).isZero();
        }
        assertThat(history()).containsExactly("20240101000000-create_notes.sql", "20240101000100-seed_notes.sql");
    }

    /** The container as a process: its args after {@code java -jar}, its env with Secrets resolved. */
    private JarProcess run(RenderedChart chart, Container container) throws Exception {
        assertThat(container.getCommand())
                .as("the image's entrypoint runs the jar")
                .isNullOrEmpty();
        Map<String, String> environment = chart.environment(container, Map.of());
        if (database.password().isEmpty()) {
            environment.put("SPRING_DATASOURCE_PASSWORD", "");
        }
        List<String> args = new ArrayList<>(container.getArgs());
        return JarProcess.start(work, environment, List.of(), args.toArray(String[]::new));
    }

    private List<String> history() throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select id from gorp_migrations order by id")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}
