package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * MariaDB commits implicitly around DDL, so a failed migration is not always rolled back: one that
 * fails after such a statement is marked failed and waits for repair, and its error says which
 * statements may already be committed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImplicitCommitMariaDbTest {

    private final TestDatabase database = TestDatabase.mariadb("implicitcommit");
    private int counter;
    private String table;

    @TempDir
    Path temp;

    MigrationFolder folder;

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void fresh() {
        counter++;
        table = "history_" + counter;
        folder = new MigrationFolder(temp.resolve("migrations_" + counter));
    }

    private Migrator migrator() {
        return Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table(table)
                .build();
    }

    @Test
    void theErrorOfAMigrationFailingAfterDdlSaysItIsMarkedFailed() {
        folder.add(
                "1_part.sql",
                "-- +migrate Up\ncreate table if not exists parted (id int);\ninsert into parted values (1);\n"
                        + "alter table no_such_table_n add column x int;\n-- +migrate Down\ndrop table parted;\n");

        assertThatThrownBy(migrator()::up).isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.statement()).isEqualTo("alter table no_such_table_n add column x int;");
            assertThat(e.databaseMessage()).contains("no_such_table_n");
            assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.MARKED_FAILED);
            assertThat(e.consequence())
                    .startsWith("this database commits implicitly around DDL, so the statements from line 2 up to"
                            + " line 4")
                    .endsWith("until you have checked the database and run repair.");
        });
    }

    @Test
    void aMigrationFailingAfterDdlIsMarkedFailedAndNotRunAgainUntilRepair() throws Exception {
        // the failing ALTER commits the INSERT before it fails
        folder.add(
                "1_seed.sql",
                "-- +migrate Up\ncreate table if not exists seeded (id int);\ninsert into seeded values (1);\n"
                        + "alter table no_such_table_m add column x int;\n-- +migrate Down\ndrop table seeded;\n");
        Migrator migrator = migrator();

        assertThatThrownBy(migrator::up).isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
            assertThat(e.file()).isEqualTo("1_seed.sql");
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.getMessage())
                    .contains("1_seed.sql:4")
                    .contains("commits implicitly")
                    .contains("from line 2 up to line 4")
                    .contains("marked failed")
                    .contains("repair");
        });
        assertThat(count("select count(*) from seeded")).isEqualTo(1);
        assertThat(migrator.status().failed()).singleElement().satisfies(failed -> {
            assertThat(failed.id()).isEqualTo("1_seed.sql");
            assertThat(failed.failure()).contains("line 4");
        });

        // a second start (a crash-looping replica) does not insert the rows again
        assertThatThrownBy(migrator::up)
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("1_seed.sql")
                .hasMessageContaining("repair");
        assertThat(count("select count(*) from seeded")).isEqualTo(1);
        assertThat(historyIds()).isEmpty();

        // a person completes the migration by hand-fixing the file, then repairs
        folder.add(
                "1_seed.sql",
                "-- +migrate Up\ncreate table if not exists seeded (id int);\n"
                        + "insert into seeded select 1 from dual where not exists (select 1 from seeded);\n"
                        + "alter table seeded add column x int;\n-- +migrate Down\ndrop table seeded;\n");
        assertThat(migrator.repair().clearedFailures()).containsExactly("1_seed.sql");
        assertThat(migrator.up().executed()).extracting(ExecutedMigration::id).containsExactly("1_seed.sql");
        assertThat(count("select count(*) from seeded")).isEqualTo(1);
        assertThat(migrator.status().failed()).isEmpty();
        assertThat(migrator.status().applied()).extracting(MigrationInfo::id).containsExactly("1_seed.sql");
    }

    @Test
    void aMigrationFailingAfterDdlThatRanSaysWhichStatementsWereCommitted() throws Exception {
        folder.add(
                "1_ddl.sql",
                "-- +migrate Up\ncreate table made (id int);\ninsert into made values (1);\n"
                        + "select * from no_such_table_n;\n-- +migrate Down\ndrop table made;\n");
        Migrator migrator = migrator();

        assertThatThrownBy(migrator::up)
                .isInstanceOf(MigrationExecutionException.class)
                .hasMessageContaining("from line 2 through line 2 (line 2: create table made (id int);)")
                .hasMessageContaining("the rest was rolled back")
                .hasMessageContaining("marked failed");
        assertThat(count("select count(*) from made"))
                .as("the insert after the DDL was rolled back")
                .isZero();
        assertThat(migrator.status().failed()).extracting(MigrationInfo::id).containsExactly("1_ddl.sql");
    }

    @Test
    void aDownFailingAfterDdlStaysAppliedMarkedFailedUntilRepair() throws Exception {
        folder.add(
                "1_two.sql",
                "-- +migrate Up\ncreate table first_t (id int);\ncreate table second_t (id int);\n"
                        + "-- +migrate Down\ndrop table first_t;\ndrop table no_such_table_q;\n");
        Migrator migrator = migrator();
        migrator.up();
        MigrationInfo applied = migrator.status().applied().get(0);

        assertThatThrownBy(migrator::down)
                .isInstanceOf(MigrationExecutionException.class)
                .hasMessageContaining("1_two.sql:6")
                .hasMessageContaining("commits implicitly")
                .hasMessageContaining("its Down will not run again");

        assertThat(historyIds()).containsExactly("1_two.sql");
        assertThat(migrator.status().failed()).singleElement().satisfies(failed -> {
            assertThat(failed.failure()).contains("Down failed at line 6");
            assertThat(failed.checksum()).isEqualTo(applied.checksum());
            assertThat(failed.appliedBy()).isEqualTo(applied.appliedBy());
        });
        assertThatThrownBy(migrator::down).isInstanceOf(MigrationPlanException.class);

        folder.add(
                "1_two.sql",
                "-- +migrate Up\ncreate table first_t (id int);\ncreate table second_t (id int);\n"
                        + "-- +migrate Down\ndrop table if exists first_t;\ndrop table second_t;\n");
        assertThat(migrator.repair().clearedFailures()).containsExactly("1_two.sql");
        assertThat(migrator.down().executed()).hasSize(1);
        assertThat(historyIds()).isEmpty();
        assertThat(count("select count(*) from information_schema.tables where table_schema = database()"
                        + " and table_name in ('first_t', 'second_t')"))
                .isZero();
    }

    /**
     * Statements that commit what came before without starting with a DDL word: a prepared DDL
     * statement, a procedure that runs DDL, DDL inside a versioned comment (mysqldump). A failure
     * after one is marked failed, and the next start does not insert the rows again.
     */
    static Stream<Arguments> statementsThatCommitWithoutLookingLikeDdl() {
        return Stream.of(
                Arguments.of(
                        "prepare and execute",
                        "prepare make_it from 'create table made_by_prepare (id int)';\nexecute make_it;"),
                Arguments.of("call", "call make_table();"),
                Arguments.of("versioned comment", "/*!50001 create table made_in_comment (id int) */;"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statementsThatCommitWithoutLookingLikeDdl")
    void aFailureAfterAStatementThatCommitsWithoutLookingLikeDdlIsMarkedFailedAndNotRepeated(
            String name, String committing) throws Exception {
        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            s.execute("create table if not exists rows_" + counter + " (id int)");
            s.execute("create procedure if not exists make_table() begin create table if not exists made_by_call"
                    + " (id int); end");
        }
        folder.add(
                "1_seed.sql",
                "-- +migrate Up\ninsert into rows_" + counter + " values (1);\n" + committing
                        + "\nselect * from no_such_table_c;\n-- +migrate Down\nselect 1;\n");
        Migrator migrator = migrator();

        assertThatThrownBy(migrator::up).isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
            assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.MARKED_FAILED);
            assertThat(e.consequence()).startsWith("this database commits implicitly around DDL");
        });
        assertThat(count("select count(*) from rows_" + counter)).isEqualTo(1);
        assertThat(migrator.status().failed()).extracting(MigrationInfo::id).containsExactly("1_seed.sql");

        assertThatThrownBy(migrator::up).isInstanceOf(MigrationPlanException.class);
        assertThat(count("select count(*) from rows_" + counter))
                .as("the next start does not insert the row again")
                .isEqualTo(1);
        assertThat(historyIds()).isEmpty();
    }

    @Test
    void aMigrationFailingWithoutDdlIsStillRolledBackAndRetried() throws Exception {
        folder.add("1_t.sql", "create table plain (id int);", "drop table plain;")
                .add(
                        "2_rows.sql",
                        "-- +migrate Up\ninsert into plain values (1);\nselect * from no_such_table_p;\n"
                                + "-- +migrate Down\ndelete from plain;\n");
        Migrator migrator = migrator();

        assertThatThrownBy(migrator::up)
                .isInstanceOf(MigrationExecutionException.class)
                .hasMessageContaining("rolled back; nothing of it was recorded");
        assertThat(count("select count(*) from plain")).isZero();
        assertThat(migrator.status().failed()).isEmpty();
        assertThat(migrator.status().pending()).extracting(MigrationInfo::id).containsExactly("2_rows.sql");
    }

    private List<String> historyIds() throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select id from " + table + " order by 1")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
