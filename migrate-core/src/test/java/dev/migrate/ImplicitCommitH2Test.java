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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * H2 commits implicitly around DDL, like MySQL, and also at {@code create temporary table} (which
 * MySQL does not): the same allow-list answers for it, checked against H2 itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImplicitCommitH2Test {

    private final TestDatabase database = TestDatabase.h2("implicitcommit");

    @TempDir
    Path temp;

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    private Migrator migrator(MigrationFolder folder, String table) {
        return Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table(table)
                .build();
    }

    @Test
    void aFailureAfterCreatingATemporaryTableIsMarkedFailedAndNotRepeated() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("temporary"));
        execute("create table temp_rows (id int)");
        folder.add(
                "1_seed.sql",
                "-- +migrate Up\ninsert into temp_rows values (1);\ncreate temporary table scratch (id int);\n"
                        + "select * from no_such_table_t;\n-- +migrate Down\nselect 1;\n");
        Migrator migrator = migrator(folder, "history_temporary");

        assertThatThrownBy(migrator::up).isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
            assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.MARKED_FAILED);
            assertThat(e.consequence()).contains("from line 2 through line 3");
        });
        assertThat(count("select count(*) from temp_rows"))
                .as("H2 committed the insert when it created the temporary table")
                .isEqualTo(1);

        assertThatThrownBy(migrator::up).isInstanceOf(MigrationPlanException.class);
        assertThat(count("select count(*) from temp_rows")).isEqualTo(1);
    }

    @Test
    void aFailureAfterOnlyDataChangesAndSessionSettingsIsRolledBack() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("data"));
        execute("create table data_rows (id int)");
        folder.add(
                "1_rows.sql",
                "-- +migrate Up\ninsert into data_rows values (1);\nset @x = 1;\nupdate data_rows set id = 2;\n"
                        + "select * from no_such_table_d;\n-- +migrate Down\nselect 1;\n");
        Migrator migrator = migrator(folder, "history_data");

        assertThatThrownBy(migrator::up)
                .isInstanceOfSatisfying(
                        MigrationExecutionException.class,
                        e -> assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.ROLLED_BACK));
        assertThat(count("select count(*) from data_rows")).isZero();
        assertThat(migrator.status().failed()).isEmpty();
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = database.connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
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
