package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Rolling deploys and rollbacks on PostgreSQL: an older release starting against a database where
 * a newer one applied more migrations boots, and reports those as future.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FutureMigrationTest {

    private final TestDatabase db = TestDatabase.postgres("future");
    private int tables;

    @TempDir
    Path temp;

    @AfterAll
    void dropDatabase() {
        db.close();
    }

    @Test
    void anOlderReleaseBootsAndReportsTheNewerReleasesMigrationsAsFuture() {
        String table = "history_" + (++tables);
        MigrationFolder newer = new MigrationFolder(temp.resolve("newer"))
                .add("1_a.sql", "create table future_a (id int);", "drop table future_a;")
                .add("2_b.sql", "create table future_b (id int);", "drop table future_b;")
                .add("10_c.sql", "create table future_c (id int);", "drop table future_c;");
        MigrationFolder older = new MigrationFolder(temp.resolve("older"))
                .add("1_a.sql", "create table future_a (id int);", "drop table future_a;")
                .add("2_b.sql", "create table future_b (id int);", "drop table future_b;");
        assertThat(migrator(newer, table).build().up().count()).isEqualTo(3);

        List<ILoggingEvent> logged = capture(() -> {
            MigrateResult result = migrator(older, table).build().up();
            assertThat(result.count()).isZero();
        });
        StatusReport status = migrator(older, table).build().status();

        assertThat(status.future()).extracting(MigrationInfo::id).containsExactly("10_c.sql");
        assertThat(status.future().get(0).appliedAt()).isNotNull();
        assertThat(status.applied()).extracting(MigrationInfo::id).containsExactly("1_a.sql", "2_b.sql");
        assertThat(status.unknown()).isEmpty();
        assertThat(logged)
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(message ->
                        assertThat(message).contains("10_c.sql").contains("newer than every migration found"));
        assertThat(logged).noneMatch(e -> e.getLevel() == Level.ERROR);
    }

    @Test
    void anUnknownMigrationOlderThanALocalOneStillFailsUnlessIgnored() {
        String table = "history_" + (++tables);
        MigrationFolder all = new MigrationFolder(temp.resolve("all"))
                .add("1_a.sql", "create table gap_a (id int);", "drop table gap_a;")
                .add("2_b.sql", "create table gap_b (id int);", "drop table gap_b;")
                .add("3_c.sql", "create table gap_c (id int);", "drop table gap_c;");
        MigrationFolder withoutTheMiddle = new MigrationFolder(temp.resolve("gap"))
                .add("1_a.sql", "create table gap_a (id int);", "drop table gap_a;")
                .add("3_c.sql", "create table gap_c (id int);", "drop table gap_c;");
        migrator(all, table).build().up();

        assertThatThrownBy(() -> migrator(withoutTheMiddle, table).build().up())
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("unknown migration in database: 2_b.sql");
        StatusReport status = migrator(withoutTheMiddle, table).build().status();
        assertThat(status.unknown()).extracting(MigrationInfo::id).containsExactly("2_b.sql");
        assertThat(status.future()).isEmpty();
        assertThat(migrator(withoutTheMiddle, table)
                        .ignoreUnknown(true)
                        .build()
                        .up()
                        .count())
                .isZero();
    }

    @Test
    void aFutureMigrationCannotBeUndoneByTheOlderRelease() {
        String table = "history_" + (++tables);
        MigrationFolder newer = new MigrationFolder(temp.resolve("undo-newer"))
                .add("1_a.sql", "create table undo_a (id int);", "drop table undo_a;")
                .add("2_b.sql", "create table undo_b (id int);", "drop table undo_b;");
        MigrationFolder older = new MigrationFolder(temp.resolve("undo-older"))
                .add("1_a.sql", "create table undo_a (id int);", "drop table undo_a;");
        migrator(newer, table).build().up();

        assertThatThrownBy(() -> migrator(older, table).build().down())
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("cannot undo 2_b.sql")
                .hasMessageContaining("a newer release applied it");
    }

    private Migrator.Builder migrator(MigrationFolder folder, String table) {
        return Migrator.builder(db.dataSource()).locations(folder.location()).table(table);
    }

    private static List<ILoggingEvent> capture(Runnable work) {
        Logger logger = (Logger) LoggerFactory.getLogger("dev.migrate");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            work.run();
        } finally {
            logger.detachAppender(appender);
        }
        return List.copyOf(appender.list);
    }
}
