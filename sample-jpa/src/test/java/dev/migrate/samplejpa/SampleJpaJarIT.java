package dev.migrate.samplejpa;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import dev.migrate.Migrator;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.JarProcess;
import dev.migrate.testing.LocalHttp;
import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * An ordinary JPA service ({@code ddl-auto=validate}, HikariCP, Actuator) that adds the starter
 * and its migrations and nothing else: the packaged jar starts on an empty database and on one a
 * migration behind in the default configuration, several replicas at once, and in exit mode
 * migrates (or runs a command) and ends without opening a port.
 */
class SampleJpaJarIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(240);
    /** The JIT's first tier only: the jar starts sooner, which counts when several replicas start at once. */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

    private static final String CREATE = "20240201000000-create_books.sql";
    private static final String YEAR = "20240201000100-books_published_year.sql";

    @TempDir
    Path work;

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("samplejpa");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void startsOnAnEmptyDatabaseInTheDefaultConfiguration() throws Exception {
        int port = LocalHttp.freePort();
        // the application's Jackson settings must not change the endpoint's shape
        try (JarProcess jar = JarProcess.start(
                work, QUICK_START, args(port, "--spring.jackson.property-naming-strategy=SNAKE_CASE"))) {
            String base = awaitReady(jar, port);
            HttpResponse<String> books = get(base + "/books");
            assertThat(books.statusCode()).isEqualTo(200);
            DocumentContext booksJson = JsonPath.parse(books.body());
            assertThat(booksJson.read("$[*].title", List.class)).containsExactly("The Go Programming Language");
            assertThat(booksJson.read("$[*].published_year", List.class)).containsExactly(2015);
            HttpResponse<String> endpoint = get(base + "/actuator/migrate");
            assertThat(endpoint.statusCode()).isEqualTo(200);
            DocumentContext migrate = JsonPath.parse(endpoint.body());
            assertThat(migrate.read("$.migrators.migrator.applied[*].id", List.class))
                    .containsExactly(CREATE, YEAR);
            assertThat(migrate.read("$.migrators.migrator.applied[0]", Map.class))
                    .containsKeys("appliedAt", "durationMillis")
                    .doesNotContainKeys("applied_at", "duration_millis");
            assertThat(JsonPath.parse(get(base + "/actuator/health").body())
                            .read("$.components.migrate.status", String.class))
                    .isEqualTo("UP");
            assertThat(jar.out())
                    .containsOnlyOnce("migrate: migrating while the context starts, before entityManagerFactory");
        }
        assertThat(applied()).containsExactly(CREATE, YEAR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"runner", "initializer"})
    void startsOnADatabaseOneMigrationBehindInEveryMode(String mode) throws Exception {
        Migrator.builder(database.dataSource())
                .locations("classpath:db/migrations")
                .classLoader(getClass().getClassLoader())
                .build()
                .upTo(CREATE);
        assertThat(applied()).containsExactly(CREATE);
        int port = LocalHttp.freePort();
        try (JarProcess jar = JarProcess.start(work, QUICK_START, args(port, "--migrate.mode=" + mode))) {
            String base = awaitReady(jar, port);
            assertThat(JsonPath.parse(get(base + "/books").body()).read("$[*].publishedYear", List.class))
                    .containsExactly(2015);
        }
        assertThat(applied()).containsExactly(CREATE, YEAR);
    }

    /**
     * The replicas are held at the migration lock (the test holds it) until all three are inside
     * their run at the same time, then let go together: one applies the migrations, the other two
     * find nothing to do, and each migration ran once.
     */
    @Test
    void severalReplicasStartTogetherAndOneAppliesTheMigrations() throws Exception {
        int count = 3;
        List<JarProcess> replicas = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        String key = Migrator.builder(database.dataSource())
                .locations("classpath:db/migrations")
                .classLoader(getClass().getClassLoader())
                .build()
                .lockInfo()
                .key();
        try (Connection holder = database.connect();
                Statement statement = holder.createStatement()) {
            statement.execute("select pg_advisory_lock(" + key + ")");
            try {
                for (int i = 0; i < count; i++) {
                    ports.add(LocalHttp.freePort());
                }
                List<CompletableFuture<JarProcess>> starts = new ArrayList<>();
                for (int port : ports) {
                    starts.add(CompletableFuture.supplyAsync(() -> start(args(port))));
                }
                for (CompletableFuture<JarProcess> start : starts) {
                    replicas.add(start.get(60, TimeUnit.SECONDS));
                }
                Eventually.until("all " + count + " replicas waiting for the migration lock", TIMEOUT, () -> {
                    for (JarProcess replica : replicas) {
                        if (!replica.isAlive()) {
                            throw new AssertionError("a replica ended\n" + replica.output());
                        }
                    }
                    return migrateSessions(holder) == count;
                });
                assertThat(new JdbcTemplate(database.dataSource())
                                .queryForObject("select to_regclass('books') is null", Boolean.class))
                        .as("nothing ran while the test held the lock")
                        .isTrue();
            } finally {
                statement.execute("select pg_advisory_unlock(" + key + ")");
            }
            for (int i = 0; i < replicas.size(); i++) {
                String base = awaitReady(replicas.get(i), ports.get(i));
                assertThat(get(base + "/books").statusCode()).isEqualTo(200);
            }
            long applying = replicas.stream()
                    .filter(r -> r.out().contains("migrate: ran 2 migrations up"))
                    .count();
            assertThat(applying).as(replicas.get(0).output()).isEqualTo(1);
        } finally {
            for (JarProcess replica : replicas) {
                replica.close();
            }
        }
        assertThat(applied()).containsExactly(CREATE, YEAR);
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject("select count(*) from books", Long.class))
                .as("the seed row, inserted once")
                .isEqualTo(1);
    }

    private JarProcess start(String[] args) {
        try {
            return JarProcess.start(work, QUICK_START, args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sessions of migrate's runs on this database (each sets its application_name to {@code migrate}). */
    private static long migrateSessions(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select count(*) from pg_stat_activity"
                        + " where datname = current_database() and application_name = 'migrate'")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void exitModeMigratesAndEndsWithZeroWithoutOpeningAPort() throws Exception {
        try (JarProcess jar = JarProcess.start(work, QUICK_START, exitArgs("--migrate.mode=exit"))) {
            assertThat(jar.waitFor(TIMEOUT)).as(jar.output()).isZero();
            assertThat(jar.out()).doesNotContain("Tomcat initialized", "Tomcat started");
        }
        assertThat(applied()).containsExactly(CREATE, YEAR);

        // the image as the command line: down, then status, although the entity no longer fits
        try (JarProcess down =
                JarProcess.start(work, QUICK_START, exitArgs("--migrate.mode=exit", "--migrate.command=down"))) {
            assertThat(down.waitFor(TIMEOUT)).as(down.output()).isZero();
        }
        assertThat(applied()).containsExactly(CREATE);
        try (JarProcess status =
                JarProcess.start(work, QUICK_START, exitArgs("--migrate.mode=exit", "--migrate.command=status"))) {
            assertThat(status.waitFor(TIMEOUT)).as(status.output()).isZero();
            assertThat(status.out()).containsPattern("\\| " + Pattern.quote(YEAR) + " +\\| no +\\| +\\| pending +\\|");
        }
        // and exit mode on a database one migration behind
        try (JarProcess up = JarProcess.start(work, QUICK_START, exitArgs("--migrate.mode=exit"))) {
            assertThat(up.waitFor(TIMEOUT)).as(up.output()).isZero();
            assertThat(up.out()).doesNotContain("Tomcat initialized", "Tomcat started");
        }
        assertThat(applied()).containsExactly(CREATE, YEAR);
    }

    private String[] args(int port, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private String[] exitArgs(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.user(),
                "--spring.datasource.password=" + database.password()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** Waits until readiness says UP and returns the base URL; fails if the process ends first. */
    private String awaitReady(JarProcess jar, int port) throws Exception {
        String base = "http://127.0.0.1:" + port;
        Eventually.until("readiness UP at " + base, TIMEOUT, () -> {
            if (!jar.isAlive()) {
                throw new AssertionError("the service ended before it was ready\n" + jar.output());
            }
            HttpResponse<String> ready = get(base + "/actuator/health/readiness");
            return ready != null && ready.statusCode() == 200;
        });
        return base;
    }

    private List<String> applied() {
        return new JdbcTemplate(database.dataSource())
                .queryForList("select id from gorp_migrations order by id", String.class);
    }

    private static @Nullable HttpResponse<String> get(String url) throws InterruptedException {
        return LocalHttp.get(url, Duration.ofSeconds(10));
    }
}
