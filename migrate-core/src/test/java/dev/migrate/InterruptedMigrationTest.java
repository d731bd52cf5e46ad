package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL, a separate JVM) inside a statement that cannot be rolled back leaves a
 * running mark; the next run, holding the lock, refuses the migration naming file and statement
 * instead of running it again from the top, until repair. On PostgreSQL a {@code notransaction}
 * migration; on MariaDB a transactional one after a statement that commits implicitly.
 */
class InterruptedMigrationTest {

    @TempDir
    Path temp;

    @Test
    void aNotransactionMigrationKilledMidwayIsRefusedNamingItsStatementUntilRepairOnPostgres() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("interrupted")) {
            MigrationFolder folder = new MigrationFolder(temp.resolve("pg"))
                    .add("1_items.sql", "create table items (name text not null);", "drop table items;")
                    .add(
                            "2_seed.sql",
                            "-- +migrate Up notransaction\n"
                                    + "insert into items (name) values ('first');\n"
                                    + "select pg_sleep(seconds) from kill_switch;\n"
                                    + "insert into items (name) values ('second');\n"
                                    + "-- +migrate Down\ndelete from items;\n");
            try (Connection observer = db.connect()) {
                execute(observer, "create table kill_switch (seconds int)");
                execute(observer, "insert into kill_switch values (12)");
                ReplicaProcess killed = ReplicaProcess.start(db, folder.location(), "interrupted-a", 60, temp);
                try {
                    long pid = Eventually.value(
                            "the replica sleeping in 2_seed.sql",
                            () -> firstLong(
                                    observer,
                                    "select pid from pg_stat_activity where application_name = 'interrupted-a'"
                                            + " and state = 'active' and query like 'select pg_sleep%'"));
                    StatusReport during = migrator(db, folder).status();
                    assertThat(during.running())
                            .as("while its holder lives, the mark is a run in progress")
                            .extracting(MigrationInfo::id)
                            .containsExactly("2_seed.sql");

                    killed.process.destroyForcibly(); // SIGKILL
                    assertThat(killed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                    Eventually.until(
                            "the killed holder's backend gone",
                            () -> firstLong(observer, "select pid from pg_stat_activity where pid = " + pid) == null);
                } finally {
                    killed.process.destroyForcibly();
                }

                assertRefusedAsInterrupted(db, folder, 3, "select pg_sleep(seconds) from kill_switch;");
                assertThat(strings(observer, "select name from items"))
                        .as("the committed first statement ran once, and nothing after it")
                        .containsExactly("first");
                assertThat(strings(observer, "select id from gorp_migrations")).containsExactly("1_items.sql");

                // As documented: check the database, put it right, repair; the next run runs the file.
                assertThat(migrator(db, folder).repair().clearedFailures()).containsExactly("2_seed.sql");
                execute(observer, "delete from items");
                execute(observer, "delete from kill_switch");
                assertThat(migrator(db, folder).up().executed())
                        .extracting(ExecutedMigration::id)
                        .containsExactly("2_seed.sql");
                assertThat(strings(observer, "select name from items")).containsExactly("first", "second");
                assertThat(migrator(db, folder).status().interrupted()).isEmpty();
            }
        }
    }

    @Test
    void aMigrationKilledAfterAnImplicitCommitIsRefusedNamingThatStatementUntilRepairOnMariaDb() throws Exception {
        try (TestDatabase db = TestDatabase.mariadb("interrupted")) {
            MigrationFolder folder = new MigrationFolder(temp.resolve("maria"))
                    .add("1_items.sql", "create table items (name varchar(20) not null);", "drop table items;")
                    .add(
                            "2_seed.sql",
                            "-- +migrate Up\n"
                                    + "insert into items (name) values ('first');\n"
                                    + "create table other (id int);\n"
                                    + "select sleep(seconds) from kill_switch;\n"
                                    + "insert into items (name) values ('second');\n"
                                    + "-- +migrate Down\ndrop table other;\n");
            try (Connection observer = db.connect()) {
                execute(observer, "create table kill_switch (seconds int)");
                execute(observer, "insert into kill_switch values (12)");
                ReplicaProcess killed = ReplicaProcess.start(db, folder.location(), "interrupted-m", 60, temp);
                try {
                    Eventually.until(
                            "the replica sleeping in 2_seed.sql",
                            () -> firstLong(
                                            observer,
                                            "select id from information_schema.processlist where db = database()"
                                                    + " and info like 'select sleep%'")
                                    != null);
                    killed.process.destroyForcibly(); // SIGKILL; MariaDB sleeps on, holding the lock
                    assertThat(killed.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                } finally {
                    killed.process.destroyForcibly();
                }

                // waits for the lock until the orphaned sleep ends, then refuses
                assertRefusedAsInterrupted(db, folder, 3, "create table other (id int);");
                assertThat(strings(observer, "select name from items"))
                        .as("the statement before the implicit commit ran once, and nothing after it")
                        .containsExactly("first");

                assertThat(migrator(db, folder).repair().clearedFailures()).containsExactly("2_seed.sql");
                execute(observer, "delete from items");
                execute(observer, "drop table other");
                execute(observer, "delete from kill_switch");
                assertThat(migrator(db, folder).up().executed())
                        .extracting(ExecutedMigration::id)
                        .containsExactly("2_seed.sql");
                assertThat(strings(observer, "select name from items")).containsExactly("first", "second");
            }
        }
    }

    private static void assertRefusedAsInterrupted(
            TestDatabase db, MigrationFolder folder, int line, String statement) {
        assertThatThrownBy(() -> migrator(db, folder).up())
                .isInstanceOfSatisfying(MigrationPlanException.class, e -> {
                    assertThat(e.reason()).isEqualTo(MigrationPlanException.Reason.INTERRUPTED);
                    assertThat(e.migration()).isEqualTo("2_seed.sql");
                })
                .hasMessageContaining("migration 2_seed.sql was interrupted")
                .hasMessageContaining("line " + line + ": " + statement)
                .hasMessageContaining("run repair");
        List<MigrationInfo> interrupted = migrator(db, folder).status().interrupted();
        assertThat(interrupted).extracting(MigrationInfo::id).containsExactly("2_seed.sql");
        assertThat(interrupted.get(0).failure()).isEqualTo("interrupted at line " + line + ": " + statement);
        assertThat(migrator(db, folder).validate().failed()).containsExactly("2_seed.sql");
        assertThatThrownBy(() -> migrator(db, folder).up())
                .as("and again on every start until repair")
                .isInstanceOf(MigrationPlanException.class);
    }

    private static Migrator migrator(TestDatabase db, MigrationFolder folder) {
        return Migrator.builder(db.dataSource()).locations(folder.location()).build();
    }

    private static Long firstLong(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(sql)) {
            return row.next() ? row.getLong(1) : null;
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
