package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** What the start-up migration logs at INFO, engine and starter together. */
class StartupLogTests {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger migrateLogger = (Logger) LoggerFactory.getLogger("dev.migrate");

    @BeforeEach
    void capture() {
        appender.start();
        migrateLogger.addAppender(appender);
    }

    @AfterEach
    void release() {
        migrateLogger.detachAppender(appender);
    }

    @Test
    void aBootWithNothingToDoLogsWhenItMigratesAndOneLineThatNamesTheDatabase() {
        String url = TestSupport.h2Url();
        TestSupport.h2Runner()
                .withPropertyValues("spring.datasource.url=" + url)
                .run(context -> assertThat(context).hasNotFailed());
        appender.list.clear();

        TestSupport.h2Runner()
                .withPropertyValues("spring.datasource.url=" + url)
                .run(context -> assertThat(context).hasNotFailed());

        assertThat(infoLines()).hasSize(2);
        assertThat(infoLines().get(0)).startsWith("migrate: migrating right after the web server started");
        assertThat(infoLines().get(1))
                .startsWith("H2 ")
                .contains(" at h2:mem:")
                .contains(": up to date, nothing pending (2 migrations, history gorp_migrations");
    }

    @Test
    void aBootThatMigratesSaysWhereThenEachMigrationThenTheSummary() {
        TestSupport.h2Runner().run(context -> assertThat(context).hasNotFailed());

        List<String> lines = infoLines();
        assertThat(lines.get(0)).startsWith("migrate: migrating right after the web server started");
        assertThat(lines.get(1)).startsWith("Migrating H2 ").contains(": 2 of 2 migrations pending");
        assertThat(lines)
                .containsSubsequence("Applying 1_create_things.sql (1 of 2)", "Applying 2_seed_things.sql (2 of 2)");
        assertThat(lines.get(lines.size() - 1)).startsWith("migrate: ran 2 migrations up");
    }

    private List<String> infoLines() {
        return appender.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
