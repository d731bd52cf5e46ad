package dev.migrate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.JarProcess;
import dev.migrate.testing.LocalHttp;
import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One alert of deploy/prometheus seen firing for real: the sample app runs as a service, a real
 * Prometheus (Debian's package, on a free loopback port, with its own config and data folder)
 * scrapes its {@code /actuator/prometheus} with the shipped rules, and the next release's hook Job
 * (the same jar in exit mode) fails a {@code notransaction} migration part-way. The running
 * service reads the failed mark from the history table, its gauge goes to 1, and Prometheus
 * reports {@code MigrateMigrationFailed} as firing on {@code GET /api/v1/alerts}.
 *
 * <p>With {@code -Dmigrate.screenshot=FILE} it also takes a picture of Prometheus's alerts page with
 * headless Chromium (docs/operations.md's picture; Debian's {@code chromium} package).
 */
@Tag("external-tools")
class PrometheusAlertIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    private TestDatabase database;
    private @Nullable Process prometheus;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("promalert");
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(30, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
                prometheus.waitFor(30, TimeUnit.SECONDS);
            }
        }
        database.close();
    }

    @Test
    void aMigrationTheHookJobFailedFiresMigrateMigrationFailed() throws Exception {
        Path prometheusBinary = Tools.require("prometheus", "prometheus");
        Path releases = Files.createDirectory(work.resolve("next-release"));
        String locations = "--migrate.locations=classpath:db/migrations,filesystem:" + releases;
        int appPort = LocalHttp.freePort();
        try (JarProcess service = JarProcess.start(
                work,
                "--server.port=" + appPort,
                "--server.address=127.0.0.1",
                locations,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password())) {
            String scrape = "http://127.0.0.1:" + appPort + "/actuator/prometheus";
            Eventually.value("the service is up and migrated", TIMEOUT, () -> {
                assertThat(service.isAlive()).as(service.out() + service.err()).isTrue();
                HttpResponse<String> answer = LocalHttp.get(scrape, Duration.ofSeconds(5));
                return answer != null
                                && answer.statusCode() == 200
                                && answer.body().contains("migrate_runs_succeeded_total{migrator=\"default\"} 1.0")
                        ? answer
                        : null;
            });

            int prometheusPort = LocalHttp.freePort();
            prometheus = startPrometheus(prometheusBinary, prometheusPort, appPort, DeployFiles.rules());
            String api = "http://127.0.0.1:" + prometheusPort;
            Eventually.until("Prometheus is ready", TIMEOUT, () -> {
                assertThat(prometheus.isAlive())
                        .as(read(work.resolve("prometheus.log")))
                        .isTrue();
                HttpResponse<String> ready = LocalHttp.get(api + "/-/ready", Duration.ofSeconds(5));
                return ready != null && ready.statusCode() == 200;
            });
            assertThat(firing(api)).as("nothing fires while all is well").isEmpty();

            // the next release's hook Job fails part-way through a migration that has no transaction
            Files.writeString(releases.resolve("30000101000000-add_tags.sql"), """
                    -- +migrate Up notransaction
                    create table note_tags (note_id bigint, tag text);
                    create index concurrently note_tags_idx on no_such_table (tag);

                    -- +migrate Down
                    drop table note_tags;
                    """);
            try (JarProcess job = JarProcess.start(
                    work,
                    "--migrate.mode=exit",
                    locations,
                    "--spring.datasource.url=" + database.url(),
                    "--spring.datasource.username=" + database.user(),
                    "--spring.datasource.password=" + database.password())) {
                assertThat(job.waitFor(TIMEOUT)).as(job.out() + job.err()).isNotZero();
            }

            JsonNode alert = Eventually.value("MigrateMigrationFailed firing", TIMEOUT, () -> {
                assertThat(service.isAlive()).as(service.out() + service.err()).isTrue();
                return firing(api).stream()
                        .filter(a -> a.path("labels").path("alertname").asText().equals("MigrateMigrationFailed"))
                        .findFirst()
                        .orElse(null);
            });

            assertThat(alert.path("labels").path("migrator").asText()).isEqualTo("default");
            assertThat(alert.path("labels").path("state").asText()).isEqualTo("failed");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
            assertThat(alert.path("annotations").path("summary").asText())
                    .isEqualTo("A migration of sample (migrator default) is failed");
            // Debian's package serves the classic web pages (its newer UI is not packaged)
            HttpResponse<String> classic = LocalHttp.get(api + "/classic/alerts", Duration.ofSeconds(5));
            screenshot(api + (classic != null && classic.statusCode() == 200 ? "/classic/alerts" : "/alerts"));
        }
    }

    /**
     * The gap {@code migrate.mode=observe} closes: the chart's service runs beside the hook Job in
     * observe mode (with {@code MIGRATE_ENABLED=false} it would export no meter at all), the next
     * release's hook did not run ({@code helm --no-hooks}), and Prometheus reports {@code
     * MigratePendingWhileServing} as firing. The shipped rules with their {@code for:} durations cut
     * to seconds: the expression and labels are the shipped ones; the 15 minutes are promtool's to
     * test (migrate-rules.test.yml).
     */
    @Test
    void migrationsTheHookLeftPendingFireMigratePendingWhileServingFromAnObservingService() throws Exception {
        Path prometheusBinary = Tools.require("prometheus", "prometheus");
        Path releases = Files.createDirectory(work.resolve("next-release"));
        String locations = "--migrate.locations=classpath:db/migrations,filesystem:" + releases;
        String[] connection = {
            "--spring.datasource.url=" + database.url(),
            "--spring.datasource.username=" + database.user(),
            "--spring.datasource.password=" + database.password()
        };
        // this release's hook Job ran: the sample's migrations are applied
        try (JarProcess job = JarProcess.start(work, concat(connection, "--migrate.mode=exit", locations))) {
            assertThat(job.waitFor(TIMEOUT)).as(job.out() + job.err()).isZero();
        }
        // the next release brings one more migration, and its hook does not run
        Files.writeString(releases.resolve("30000101000000-add_tags.sql"), """
                -- +migrate Up
                create table note_tags (note_id bigint, tag text);

                -- +migrate Down
                drop table note_tags;
                """);
        int appPort = LocalHttp.freePort();
        try (JarProcess service = JarProcess.start(
                work,
                concat(
                        connection,
                        "--server.port=" + appPort,
                        "--server.address=127.0.0.1",
                        "--migrate.mode=observe",
                        locations))) {
            String scrape = "http://127.0.0.1:" + appPort + "/actuator/prometheus";
            Eventually.value("the observing service exports the pending migration", TIMEOUT, () -> {
                assertThat(service.isAlive()).as(service.out() + service.err()).isTrue();
                HttpResponse<String> answer = LocalHttp.get(scrape, Duration.ofSeconds(5));
                return answer != null
                                && answer.statusCode() == 200
                                && answer.body()
                                        .contains("migrate_migrations{migrator=\"default\",state=\"pending\"} 1.0")
                        ? answer
                        : null;
            });
            assertThat(service.out())
                    .contains("1 migration of migrator migrator pending (30000101000000-add_tags.sql)");

            Path rules = work.resolve("migrate-rules-seconds.yml");
            String shipped = Files.readString(DeployFiles.rules());
            assertThat(shipped).contains("for: 15m");
            Files.writeString(rules, shipped.replaceAll("for: \\d+m", "for: 2s"));
            int prometheusPort = LocalHttp.freePort();
            prometheus = startPrometheus(prometheusBinary, prometheusPort, appPort, rules);
            String api = "http://127.0.0.1:" + prometheusPort;

            JsonNode alert = Eventually.value("MigratePendingWhileServing firing", TIMEOUT, () -> {
                assertThat(service.isAlive()).as(service.out() + service.err()).isTrue();
                assertThat(prometheus.isAlive())
                        .as(read(work.resolve("prometheus.log")))
                        .isTrue();
                return firing(api).stream()
                        .filter(a -> a.path("labels").path("alertname").asText().equals("MigratePendingWhileServing"))
                        .findFirst()
                        .orElse(null);
            });
            assertThat(alert.path("labels").path("migrator").asText()).isEqualTo("default");
            assertThat(alert.path("labels").path("severity").asText()).isEqualTo("warning");
            assertThat(alert.path("annotations").path("summary").asText())
                    .isEqualTo("1 migration(s) of sample (migrator default) pending for 15 minutes");
            assertThat(firing(api))
                    .as("nothing else fires: the service is up and nothing failed")
                    .extracting(a -> a.path("labels").path("alertname").asText())
                    .containsExactly("MigratePendingWhileServing");
            try (var connectionToCheck = database.connect();
                    var tables = connectionToCheck.getMetaData().getTables(null, null, "note_tags", null)) {
                assertThat(tables.next())
                        .as("the observing service migrated nothing")
                        .isFalse();
            }
        }
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    private Process startPrometheus(Path prometheusBinary, int port, int appPort, Path rules) throws IOException {
        Path config = work.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                rule_files:
                  - %s
                scrape_configs:
                  - job_name: sample
                    metrics_path: /actuator/prometheus
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                """.formatted(rules, appPort));
        return new ProcessBuilder(List.of(
                        prometheusBinary.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + Files.createDirectories(work.resolve("prometheus-data")),
                        "--web.listen-address=127.0.0.1:" + port))
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("prometheus.log").toFile())
                .start();
    }

    private static List<JsonNode> firing(String api) throws Exception {
        HttpResponse<String> answer = LocalHttp.get(api + "/api/v1/alerts", Duration.ofSeconds(5));
        if (answer == null || answer.statusCode() != 200) {
            return List.of();
        }
        JsonNode alerts = JSON.readTree(answer.body()).path("data").path("alerts");
        List<JsonNode> firing = new java.util.ArrayList<>();
        alerts.forEach(alert -> {
            if (alert.path("state").asText().equals("firing")) {
                firing.add(alert);
            }
        });
        return firing;
    }

    /** docs/operations.md's picture, on request: {@code -Dmigrate.screenshot=docs/prometheus-alert-firing.png}. */
    private void screenshot(String url) throws Exception {
        String target = System.getProperty("migrate.screenshot");
        if (target == null || target.isBlank()) {
            return;
        }
        Path chromium = Tools.require("chromium", "chromium");
        Path profile = Files.createDirectory(work.resolve("chromium-profile"));
        Tools.Result shot = Tools.run(
                List.of(
                        chromium.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile,
                        "--hide-scrollbars",
                        "--window-size=1100,620",
                        "--virtual-time-budget=8000",
                        "--screenshot=" + Path.of(target).toAbsolutePath(),
                        url),
                work);
        assertThat(shot.exitCode()).as(shot.output()).isZero();
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }
}
