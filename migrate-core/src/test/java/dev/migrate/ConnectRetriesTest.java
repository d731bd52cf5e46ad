package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.LogCapture;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TcpForwarder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A PostgreSQL server that starts listening late (a TCP forwarder to the real one, started once
 * the first try failed): with connect retries the run waits for it, logging each try with its cause,
 * and the lock timeout starts only once connected; without, it fails at once.
 */
class ConnectRetriesTest {

    private static final Pattern HOST_PORT = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.*)");

    @TempDir
    Path temp;

    private TestDatabase database;
    private MigrationFolder folder;
    private int port;
    private String lateUrl;

    @BeforeEach
    void prepare() throws Exception {
        database = TestDatabase.postgres("connectretries");
        folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_late.sql", "create table late_items (id int);", "drop table late_items;");
        port = TcpForwarder.freePort();
        lateUrl = "jdbc:postgresql://127.0.0.1:" + port + "/" + target().group(3);
    }

    @AfterEach
    void drop() {
        database.close();
    }

    @Test
    void aDatabaseThatListensLateIsRetriedAndEachTryLogged() throws Exception {
        Matcher real = target();
        LogCapture log = new LogCapture();
        // the server starts listening once the first try failed
        CompletableFuture<TcpForwarder> late = CompletableFuture.supplyAsync(() -> {
            try {
                Eventually.until("the first failed try", () -> log.text().contains("Could not connect"));
                return TcpForwarder.start(port, real.group(1), Integer.parseInt(real.group(2)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (log) {
            MigrateResult result = Migrator.builder(lateDataSource())
                    .locations(folder.location())
                    .connectRetries(10)
                    .connectRetriesInterval(Duration.ofSeconds(1))
                    .build()
                    .up();
            assertThat(result.count()).isEqualTo(1);
            assertThat(log.lines())
                    .filteredOn(line -> line.startsWith("WARN Could not connect to the database (try 1 of 11)"))
                    .singleElement()
                    .asString()
                    .contains("127.0.0.1:" + port, "refused", "SQL state 08001", "trying again in 1000 ms");
            assertThat(log.lines()).anyMatch(line -> line.matches("INFO Connected to the database at try \\d+ .*"));
            assertThat(log.text()).doesNotContain("password=" + database.password());
        } finally {
            late.get(30, TimeUnit.SECONDS).close();
        }
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject("select count(*) from gorp_migrations", Long.class))
                .isEqualTo(1);
    }

    @Test
    void theLockTimeoutStartsOnceConnected() throws Exception {
        Matcher real = target();
        String key = Migrator.builder(database.dataSource())
                .locations(folder.location())
                .build()
                .lockInfo()
                .key();
        LogCapture log = new LogCapture();
        try (Connection holder = database.connect();
                Statement hold = holder.createStatement()) {
            hold.execute("select pg_advisory_lock(" + key + ")");
            // the server listens after two failed tries (1 s, then 2 s of waiting: longer than the
            // lock timeout would leave); the lock is released 2.5 s after connecting, within the 4 s
            CompletableFuture<TcpForwarder> late = CompletableFuture.supplyAsync(() -> {
                try {
                    Eventually.until("the second failed try", () -> log.text().contains("(try 2 of"));
                    TcpForwarder forwarder = TcpForwarder.start(port, real.group(1), Integer.parseInt(real.group(2)));
                    Eventually.until("connected", () -> log.text().contains("Connected to the database"));
                    Thread.sleep(2500);
                    hold.execute("select pg_advisory_unlock(" + key + ")");
                    return forwarder;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (log) {
                MigrateResult result = Migrator.builder(lateDataSource())
                        .locations(folder.location())
                        .connectRetries(10)
                        .lockTimeout(Duration.ofSeconds(4))
                        .build()
                        .up();
                assertThat(result.count()).isEqualTo(1);
                assertThat(result.lockWait()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            } finally {
                late.get(60, TimeUnit.SECONDS).close();
            }
        }
    }

    @Test
    void byDefaultAnUnreachableDatabaseFailsAtTheFirstTry() {
        try (LogCapture log = new LogCapture()) {
            assertThatThrownBy(() -> Migrator.builder(lateDataSource())
                            .locations(folder.location())
                            .build()
                            .up())
                    .isInstanceOf(MigrationDatabaseException.class)
                    .hasMessageContaining("refused");
            assertThat(log.text()).doesNotContain("Could not connect");
        }
    }

    @Test
    void aRefusedLoginIsNotRetried() throws Exception {
        Matcher real = target();
        try (TcpForwarder forwarder = TcpForwarder.start(port, real.group(1), Integer.parseInt(real.group(2)));
                LogCapture log = new LogCapture()) {
            DriverManagerDataSource unknownRole =
                    new DriverManagerDataSource(lateUrl, "no_such_role_x", "Connect-Secret-7");
            long start = System.nanoTime();
            assertThatThrownBy(() -> Migrator.builder(unknownRole)
                            .locations(folder.location())
                            .connectRetries(5)
                            .build()
                            .up())
                    .isInstanceOf(MigrationDatabaseException.class)
                    .hasMessageContaining("no_such_role_x");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
            assertThat(log.lines())
                    .filteredOn(line -> line.contains("Could not connect"))
                    .singleElement()
                    .asString()
                    .contains("(try 1 of 6), giving up", "SQL state 28")
                    .doesNotContain("Connect-Secret-7");
        }
    }

    @Test
    void negativeRetriesAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> Migrator.builder(database.dataSource()).connectRetries(-1))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("connectRetries");
        assertThatThrownBy(() -> Migrator.builder(database.dataSource()).connectRetriesInterval(Duration.ZERO))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("connectRetriesInterval");
    }

    private DriverManagerDataSource lateDataSource() {
        return new DriverManagerDataSource(lateUrl, database.user(), database.password());
    }

    private Matcher target() {
        Matcher matcher = HOST_PORT.matcher(database.url());
        assertThat(matcher.matches()).as("a PostgreSQL URL: " + database.url()).isTrue();
        return matcher;
    }
}
