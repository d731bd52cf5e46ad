package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.TcpForwarder;
import dev.migrate.testing.TestDatabase;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code migrate.connect-retries} and {@code migrate.connect-retries-interval}: a service whose
 * PostgreSQL starts listening only after its first try failed (a TCP forwarder started late) migrates once
 * the database is there, and each failed try is in the log; with a negative count start-up fails
 * naming the property.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectRetriesPostgresTests {

    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/(.*)");

    private TestDatabase database;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("starterconnect");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aDatabaseThatListensLateIsRetriedWithTheProperties(CapturedOutput output) throws Exception {
        Matcher real = URL.matcher(database.url());
        assertThat(real.matches()).as(database.url()).isTrue();
        int port = TcpForwarder.freePort();
        // the database starts listening once the first try failed
        CompletableFuture<TcpForwarder> late = CompletableFuture.supplyAsync(() -> {
            try {
                Eventually.until(
                        "the first failed try", () -> output.getOut().contains("Could not connect to the database"));
                return TcpForwarder.start(port, real.group(1), Integer.parseInt(real.group(2)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(
                            DataSourceAutoConfiguration.class,
                            JdbcTemplateAutoConfiguration.class,
                            MigrateAutoConfiguration.class))
                    .withPropertyValues(
                            "spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port + "/" + real.group(3),
                            "spring.datasource.username=" + database.user(),
                            "spring.datasource.password=" + database.password(),
                            "migrate.connect-retries=10",
                            "migrate.connect-retries-interval=1s")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        assertThat(context.getBean(JdbcTemplate.class)
                                        .queryForObject("select count(*) from things", Long.class))
                                .isEqualTo(2);
                    });
        } finally {
            late.get(30, TimeUnit.SECONDS).close();
        }
        assertThat(output.getOut())
                .contains("Could not connect to the database (try 1 of 11)", "trying again in 1000 ms")
                .containsPattern("Connected to the database at try \\d+");
    }

    @Test
    void aNegativeCountFailsStartUpNamingTheProperty() {
        TestSupport.h2Runner().withPropertyValues("migrate.connect-retries=-1").run(context -> {
            assertThat(context).hasFailed();
            assertThat(MigrateAutoConfigurationTests.messages(context.getStartupFailure()))
                    .contains("invalid migrate.connect-retries");
        });
    }
}
