package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Lifecycle beans (what message listener containers and schedulers are) start only after the
 * start-up migration, in every mode that migrates at start-up, and never when it failed.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrateLifecycleTests {

    @ParameterizedTest
    @ValueSource(strings = {"runner", "initializer"})
    void aListenerContainerLikeLifecycleBeanStartsOnTheMigratedSchema(String mode) {
        Seen seen = new Seen();
        h2Runner()
                .withPropertyValues("migrate.mode=" + mode)
                .withBean(Seen.class, () -> seen)
                .withBean(
                        "container",
                        SmartLifecycle.class,
                        () -> new Container(seen, SmartLifecycle.DEFAULT_PHASE - 100))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(seen.things).containsExactly(2L);
                });
    }

    @Test
    void byDefaultItMigratesAfterTheWebServerPhaseAndBeforeTheListenersPhase() {
        // Spring Boot 4.0: WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE,
        // ChildManagementContextInitializer.getPhase(); Kafka's listener containers start in
        // DEFAULT_PHASE - 100, RabbitMQ's and JMS's in DEFAULT_PHASE
        int webServer = 2147481599;
        int managementServer = 2147482111;
        assertThat(MigrateLifecycle.PHASE)
                .isGreaterThan(webServer)
                .isGreaterThan(managementServer)
                .isLessThan(SmartLifecycle.DEFAULT_PHASE - 100);
    }

    @Test
    void aLifecycleBeanOfTheApplicationThatStartsBeforeTheWebServerMakesItMigrateBeforeAnyStarts(
            CapturedOutput output) {
        Seen seen = new Seen();
        h2Runner()
                .withBean(Seen.class, () -> seen)
                .withBean("earlyPoller", SmartLifecycle.class, () -> new Container(seen, 0))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(seen.things).containsExactly(2L);
                });
        assertThat(output.getOut())
                .contains("migrate: migrating before any lifecycle bean starts, because earlyPoller (phase 0) start"
                        + " before the web server");
    }

    @Test
    void executorsAndSchedulersInEarlierPhasesDoNotCount(CapturedOutput output) {
        h2Runner()
                .withBean(ThreadPoolTaskScheduler.class, ThreadPoolTaskScheduler::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(ThreadPoolTaskScheduler.class).getPhase())
                            .isLessThan(MigrateLifecycle.PHASE);
                });
        assertThat(output.getOut())
                .contains("migrate: migrating right after the web server started")
                .doesNotContain("migrating before any lifecycle bean starts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"runner", "initializer"})
    void whenTheMigrationFailsNoLifecycleBeanStarts(String mode, @TempDir Path dir) {
        TestSupport.migration(dir, "1_broken.sql", TestSupport.BROKEN);
        Seen seen = new Seen();
        h2Runner()
                .withPropertyValues("migrate.mode=" + mode, "migrate.locations=filesystem:" + dir)
                .withBean(Seen.class, () -> seen)
                .withBean(
                        "container",
                        SmartLifecycle.class,
                        () -> new Container(seen, SmartLifecycle.DEFAULT_PHASE - 100))
                .run(context -> assertThat(context).hasFailed());
        assertThat(seen.started).isEmpty();
    }

    /** What the lifecycle beans saw when they started. */
    static final class Seen {
        final List<Long> things = new CopyOnWriteArrayList<>();
        final List<String> started = new CopyOnWriteArrayList<>();
    }

    /** Reads the migrated table as it starts, as a listener container's first message would. */
    static final class Container implements SmartLifecycle {
        private final Seen seen;
        private final int phase;
        private @Nullable DataSource dataSource;
        private volatile boolean running;

        Container(Seen seen, int phase) {
            this.seen = seen;
            this.phase = phase;
        }

        @Autowired
        void setDataSource(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public void start() {
            running = true;
            seen.started.add("started");
            seen.things.add(new JdbcTemplate(dataSource).queryForObject("select count(*) from things", Long.class));
        }

        @Override
        public void stop() {
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }

        @Override
        public int getPhase() {
            return phase;
        }
    }
}
