package dev.migrate.sampleworker;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.MessageProperties;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.JarProcess;
import dev.migrate.testing.LocalHttp;
import dev.migrate.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An ordinary worker service (a RabbitMQ listener and a {@code @Scheduled} job writing with plain
 * JDBC, no JPA) that adds the starter: with 20 messages waiting in its queue and a migration that
 * takes 5 s before the tables exist, neither the listener nor the job runs before the schema is
 * ready, in every mode; each message is stored exactly once and the log holds no error. When a
 * migration fails, neither ever runs.
 *
 * <p>Needs an AMQP 0-9-1 broker (see {@link BrokerFinder}: RabbitMQ, or an embedded Qpid Broker-J where
 * none is found) and PostgreSQL (see {@link TestDatabase}).
 */
class SampleWorkerJarIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");
    private static final int MESSAGES = 20;

    /** Sorts before the worker's own migration: its tables exist only after about 5 s. */
    private static final String SLOW = """
            -- +migrate Up
            select pg_sleep(5);
            """;

    /** Sorts after the worker's own migration: its tables exist, so a listener that ran early would store. */
    private static final String BROKEN = """
            -- +migrate Up
            select * from no_such_table;
            """;

    @TempDir
    Path work;

    private RabbitBroker broker;
    private TestDatabase database;
    private String queue;
    private Connection rabbit;

    @BeforeEach
    void prepare() throws Exception {
        broker = RabbitBroker.get();
        rabbit = broker.connectionFactory().newConnection("sample-worker-it");
        database = TestDatabase.postgres("sampleworker");
        queue = "sample-worker-it-" + UUID.randomUUID();
        try (Channel channel = rabbit.createChannel()) {
            channel.queueDeclare(queue, true, false, false, null);
            channel.confirmSelect();
            for (int i = 1; i <= MESSAGES; i++) {
                channel.basicPublish(
                        "",
                        queue,
                        MessageProperties.PERSISTENT_TEXT_PLAIN,
                        ("message " + i).getBytes(StandardCharsets.UTF_8));
            }
            channel.waitForConfirmsOrDie(30_000);
        }
        Eventually.until(MESSAGES + " messages waiting in " + queue, () -> waiting() == MESSAGES);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (rabbit != null) {
                try (Channel channel = rabbit.createChannel()) {
                    channel.queueDelete(queue);
                }
                rabbit.close();
            }
        } finally {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void byDefaultNeitherListenerNorJobRunsBeforeTheSlowMigrationAndLivenessIsUpMeanwhile() throws Exception {
        Path extra = location("20240101000000-slow_start.sql", SLOW);
        int port = LocalHttp.freePort();
        try (JarProcess jar = JarProcess.start(work, QUICK_START, args(port, extra))) {
            String base = "http://127.0.0.1:" + port;
            HttpResponse<String> liveness = Eventually.value("liveness UP during the slow migration", () -> {
                assertThat(jar.isAlive()).as(jar.output()).isTrue();
                HttpResponse<String> answer = LocalHttp.get(base + "/actuator/health/liveness", Duration.ofSeconds(5));
                return answer != null && answer.statusCode() == 200 ? answer : null;
            });
            assertThat(JsonPath.parse(liveness.body()).read("$.status", String.class))
                    .isEqualTo("UP");
            HttpResponse<String> readiness = LocalHttp.get(base + "/actuator/health/readiness", Duration.ofSeconds(5));
            assertThat(readiness).isNotNull();
            assertThat(readiness.statusCode()).isEqualTo(503);
            assertThat(tables()).as("the slow migration still runs").doesNotContain("messages");

            awaitAllStoredAndABeat(jar);
            assertThat(jar.out())
                    .containsOnlyOnce("migrate: migrating right after the web server started, before the service's"
                            + " listeners and scheduled tasks start");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"runner", "initializer"})
    void inEachModeEveryQueuedMessageIsStoredExactlyOnceWithoutAnError(String mode) throws Exception {
        Path extra = location("20240101000000-slow_start.sql", SLOW);
        try (JarProcess jar =
                JarProcess.start(work, QUICK_START, args(LocalHttp.freePort(), extra, "--migrate.mode=" + mode))) {
            awaitAllStoredAndABeat(jar);
        }
    }

    @Test
    void exitModeMigratesAndEndsWithoutListeningOrScheduling() throws Exception {
        Path extra = location("20240101000000-slow_start.sql", SLOW);
        try (JarProcess jar =
                JarProcess.start(work, QUICK_START, args(LocalHttp.freePort(), extra, "--migrate.mode=exit"))) {
            assertThat(jar.waitFor(TIMEOUT)).as(jar.output()).isZero();
            assertNoError(jar);
        }
        assertThat(count("messages")).isZero();
        assertThat(count("heartbeats")).isZero();
        assertThat(waiting()).isEqualTo(MESSAGES);

        // the service that starts after the Job: nothing left to migrate, every message stored once
        try (JarProcess jar = JarProcess.start(work, QUICK_START, args(LocalHttp.freePort(), extra))) {
            awaitAllStoredAndABeat(jar);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"runner", "initializer", "exit"})
    void whenAMigrationFailsNeitherListenerNorJobEverRuns(String mode) throws Exception {
        Path extra = location("20240401000000-broken.sql", BROKEN);
        try (JarProcess jar =
                JarProcess.start(work, QUICK_START, args(LocalHttp.freePort(), extra, "--migrate.mode=" + mode))) {
            assertThat(jar.waitFor(TIMEOUT)).as(jar.output()).isNotZero();
            assertThat(jar.output()).contains("20240401000000-broken.sql", "no_such_table");
            assertThat(jar.output()).doesNotContain("Execution of Rabbit message listener failed");
        }
        assertThat(tables()).as("the worker's own migration ran").contains("messages", "heartbeats");
        assertThat(count("messages")).isZero();
        assertThat(count("heartbeats")).isZero();
        assertThat(waiting()).isEqualTo(MESSAGES);
    }

    /** Waits until every message is stored and the job beat, then checks each is stored once and the log is clean. */
    private void awaitAllStoredAndABeat(JarProcess jar) throws Exception {
        Eventually.until("all " + MESSAGES + " messages stored and a heartbeat", TIMEOUT, () -> {
            assertThat(jar.isAlive()).as(jar.output()).isTrue();
            return tables().contains("messages") && count("messages") >= MESSAGES && count("heartbeats") > 0;
        });
        Eventually.until("the queue drained", () -> waiting() == 0);
        JdbcTemplate jdbc = new JdbcTemplate(database.dataSource());
        List<String> bodies = jdbc.queryForList("select body from messages order by id", String.class);
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= MESSAGES; i++) {
            expected.add("message " + i);
        }
        assertThat(bodies).as("each message stored exactly once").containsExactlyInAnyOrderElementsOf(expected);
        assertNoError(jar);
    }

    private static void assertNoError(JarProcess jar) {
        assertThat(jar.output())
                .doesNotContainPattern(Pattern.compile("\\b(ERROR|WARN)\\b"))
                .doesNotContain("Exception");
    }

    private String[] args(int port, Path extraLocation, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--worker.queue=" + queue,
                "--migrate.locations=classpath:db/migrations,filesystem:" + extraLocation,
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        args.addAll(broker.springArguments());
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private Path location(String name, String content) throws Exception {
        Path dir = Files.createDirectories(work.resolve("extra"));
        Files.writeString(dir.resolve(name), content);
        return dir;
    }

    private long waiting() throws Exception {
        try (Channel channel = rabbit.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private List<String> tables() {
        return new JdbcTemplate(database.dataSource())
                .queryForList(
                        "select table_name from information_schema.tables where table_schema = 'public'", String.class);
    }

    private long count(String table) {
        @Nullable
        Long count =
                new JdbcTemplate(database.dataSource()).queryForObject("select count(*) from " + table, Long.class);
        return count == null ? 0 : count;
    }
}
