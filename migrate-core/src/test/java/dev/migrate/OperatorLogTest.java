package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * What an operator reads at INFO: once per run which database and how much is pending, each
 * migration's start (n of N) and end with its duration, a statement that runs long every interval,
 * and a single line for a boot with nothing to do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperatorLogTest {

    private final TestDatabase database = TestDatabase.postgres("oplog");
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger migrateLogger = (Logger) LoggerFactory.getLogger("dev.migrate");

    @TempDir
    Path temp;

    @BeforeEach
    void capture() {
        appender.list.clear();
        appender.start();
        migrateLogger.addAppender(appender);
    }

    @AfterEach
    void release() {
        migrateLogger.detachAppender(appender);
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    @Test
    void aRunSaysOnceWhichDatabaseAndHowManyArePendingThenEachMigrationsStartAndEnd() {
        MigrationFolder folder = new MigrationFolder(temp.resolve("two"))
                .add("1_users.sql", "create table oplog_users (id int primary key);", "drop table oplog_users;")
                .add("2_rows.sql", "insert into oplog_users values (1);", "delete from oplog_users;");
        Migrator migrator = migrator(folder, "oplog_two").build();

        migrator.up();

        List<String> lines = infoLines();
        assertThat(lines.get(0))
                .startsWith("Migrating PostgreSQL ")
                .contains(" at ", ", database " + database.name(), ", schema public")
                .endsWith(": 2 of 2 migrations pending (history oplog_two)");
        assertThat(lines.stream().filter(line -> line.startsWith("Migrating "))).hasSize(1);
        assertThat(lines)
                .containsSubsequence("Applying 1_users.sql (1 of 2)", "Applying 2_rows.sql (2 of 2)")
                .anySatisfy(line -> assertThat(line).matches("Applied 1_users\\.sql in \\d+ ms .*"))
                .anySatisfy(line -> assertThat(line).matches("Applied 2_rows\\.sql in \\d+ ms .*"));
        assertThat(lines.indexOf("Applying 2_rows.sql (2 of 2)"))
                .isGreaterThan(indexOfStart(lines, "Applied 1_users.sql in "));
    }

    @Test
    void aBootWithNothingToDoLogsOneLine() {
        MigrationFolder folder = new MigrationFolder(temp.resolve("noop"))
                .add("1_things.sql", "create table oplog_things (id int);", "drop table oplog_things;");
        Migrator migrator = migrator(folder, "oplog_noop").build();
        migrator.up();
        appender.list.clear();

        migrator.up();

        assertThat(infoLines())
                .singleElement()
                .asString()
                .startsWith("PostgreSQL ")
                .contains(", database " + database.name())
                .contains(": up to date, nothing pending (1 migration, history oplog_noop, checked in ");
    }

    @Test
    void aStatementThatRunsLongIsReportedEveryIntervalWithFileLineAndElapsed() {
        MigrationFolder folder = new MigrationFolder(temp.resolve("slow"))
                .add("1_slow.sql", "-- +migrate Up\n\nselect pg_sleep(3);\n\n-- +migrate Down\n");
        Migrator migrator = migrator(folder, "oplog_slow")
                .progressInterval(Duration.ofSeconds(1))
                .build();

        migrator.up();

        List<String> reports = infoLines().stream()
                .filter(line -> line.startsWith("Still running "))
                .toList();
        assertThat(reports).hasSizeBetween(2, 3);
        assertThat(reports.get(0)).isEqualTo("Still running 1_slow.sql line 3: 1 s so far");
        assertThat(reports.get(1)).isEqualTo("Still running 1_slow.sql line 3: 2 s so far");
        assertThat(Thread.getAllStackTraces().keySet())
                .noneSatisfy(thread -> assertThat(thread.getName()).isEqualTo("migrate-progress"));
    }

    private Migrator.Builder migrator(MigrationFolder folder, String table) {
        return Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table(table);
    }

    private List<String> infoLines() {
        return appender.list.stream()
                .filter(event -> event.getLevel().isGreaterOrEqual(Level.INFO))
                .map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    private static int indexOfStart(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        return -1;
    }
}
