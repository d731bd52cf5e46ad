package dev.migrate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.JarProcess;
import dev.migrate.testing.LocalHttp;
import dev.migrate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric name that the dashboard's queries and the alert rules read is one a real scrape of
 * the sample app's {@code /actuator/prometheus} returns (kube-state-metrics' Job gauge aside, which
 * the service cannot export), right after start-up, before anything has failed or waited.
 */
class DashboardMetricsIT {

    /** Read from kube-state-metrics, not from the service. */
    private static final Set<String> KUBE_STATE_METRICS = Set.of("kube_job_status_failed");

    @TempDir
    Path work;

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("dashboard");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void everyMetricTheDashboardAndTheRulesReadIsInARealScrape() throws Exception {
        Set<String> scraped = scrape();
        Set<String> dashboard = new TreeSet<>();
        for (String query : Queries.dashboard()) {
            Set<String> names = Queries.metricNames(query);
            assertThat(names).as("metric names in %s", query).isNotEmpty();
            dashboard.addAll(names);
        }
        Set<String> rules = new TreeSet<>();
        Queries.rules().forEach(rule -> rules.addAll(Queries.metricNames(rule)));

        dashboard.removeAll(KUBE_STATE_METRICS);
        rules.removeAll(KUBE_STATE_METRICS);
        assertThat(scraped).as("the scrape").containsAll(dashboard).containsAll(rules);
        // and the names docs/operations.md's meter table documents are all read somewhere
        assertThat(dashboard).contains("migrate_migrations", "migrate_run_last_success_time_seconds");
    }

    private Set<String> scrape() throws Exception {
        int port = LocalHttp.freePort();
        try (JarProcess service = JarProcess.start(
                work,
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password())) {
            HttpResponse<String> answer =
                    Eventually.value("a scrape after the start-up run", Duration.ofSeconds(180), () -> {
                        assertThat(service.isAlive())
                                .as(service.out() + service.err())
                                .isTrue();
                        HttpResponse<String> scrape = LocalHttp.get(
                                "http://127.0.0.1:" + port + "/actuator/prometheus", Duration.ofSeconds(5));
                        return scrape != null
                                        && scrape.statusCode() == 200
                                        && scrape.body()
                                                .contains("migrate_runs_succeeded_total{migrator=\"default\"} 1.0")
                                ? scrape
                                : null;
                    });
            Set<String> names = new TreeSet<>();
            for (String line : answer.body().split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.split("[{ ]", 2)[0]);
                }
            }
            return names;
        }
    }
}
