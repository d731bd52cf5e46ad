package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** Callbacks registered on the builder, validate() and skipTo(), on PostgreSQL. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateCallbackTest {

    private final TestDatabase database = TestDatabase.postgres("callbacks");
    private int counter;
    private String table;

    @TempDir
    Path temp;

    MigrationFolder folder;

    @AfterAll
    void drop() {
        database.close();
    }

    @BeforeEach
    void fresh() {
        table = "history_" + (++counter);
        folder = new MigrationFolder(temp.resolve("migrations"));
    }

    private Migrator.Builder migrator() {
        return Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table(table);
    }

    @Test
    void callbacksHearEachRunAndEachMigrationInOrder() {
        String t = "cb_items_" + counter;
        folder.add("1_a.sql", "create table " + t + " (id int);", "drop table " + t + ";")
                .add("2_b.sql", "insert into " + t + " values (1);", "delete from " + t + ";");
        Recorder first = new Recorder("first");
        Recorder second = new Recorder("second");
        List<String> calls = new ArrayList<>();
        first.calls = calls;
        second.calls = calls;

        migrator().callbacks(first, second).build().up();
        migrator().callbacks(first).build().up();

        assertThat(calls)
                .containsExactly(
                        "first beforeRun UP",
                        "second beforeRun UP",
                        "first afterMigration UP 1_a.sql UP",
                        "second afterMigration UP 1_a.sql UP",
                        "first afterMigration UP 2_b.sql UP",
                        "second afterMigration UP 2_b.sql UP",
                        "first afterRun UP 2",
                        "second afterRun UP 2",
                        "first beforeRun UP",
                        "first afterRun UP 0");
    }

    @Test
    void aFailingAfterMigrationCallbackStopsTheRunAndTheMigrationStaysApplied() {
        String t = "cb_fail_" + counter;
        folder.add("1_a.sql", "create table " + t + " (id int);", "drop table " + t + ";")
                .add("2_b.sql", "insert into " + t + " values (1);", "delete from " + t + ";");
        List<String> failures = new ArrayList<>();
        MigrateCallback grants = new MigrateCallback() {
            @Override
            public void afterMigration(MigrateOperation operation, ExecutedMigration migration) {
                throw new IllegalStateException("role app_reader does not exist");
            }

            @Override
            public void onFailure(MigrateOperation operation, MigrateException failure) {
                failures.add(operation + " " + failure.getMessage());
            }
        };

        assertThatThrownBy(() -> migrator().callbacks(grants).build().up())
                .isInstanceOf(MigrateCallbackException.class)
                .hasMessageContaining("afterMigration of 1_a.sql")
                .hasMessageContaining("role app_reader does not exist")
                .hasRootCauseInstanceOf(IllegalStateException.class);

        assertThat(failures).singleElement().asString().startsWith("UP callback ");
        assertThat(jdbc().queryForList("select id from " + table, String.class)).containsExactly("1_a.sql");
        assertThat(migrator().build().status().pending())
                .extracting(MigrationInfo::id)
                .containsExactly("2_b.sql");
    }

    @Test
    void aFailingBeforeRunCallbackRunsNothing() {
        folder.add("1_a.sql", "create table cb_never_" + counter + " (id int);", "select 1;");
        MigrateCallback refuse = new MigrateCallback() {
            @Override
            public void beforeRun(MigrateOperation operation) {
                throw new IllegalStateException("maintenance window closed");
            }
        };

        assertThatThrownBy(() -> migrator().callbacks(refuse).build().up())
                .isInstanceOf(MigrateCallbackException.class)
                .hasMessageContaining("beforeRun")
                .hasMessageContaining("maintenance window closed");
        assertThat(migrator().build().status().pending()).hasSize(1);
    }

    @Test
    void onFailureHearsAFailedMigration() {
        folder.add("1_broken.sql", "select * from no_such_table_" + counter + ";", "select 1;");
        List<MigrateException> heard = new ArrayList<>();
        MigrateCallback listener = new MigrateCallback() {
            @Override
            public void onFailure(MigrateOperation operation, MigrateException failure) {
                heard.add(failure);
            }
        };

        assertThatThrownBy(() -> migrator().callbacks(listener).build().up())
                .isInstanceOf(MigrationExecutionException.class);
        assertThat(heard).singleElement().isInstanceOf(MigrationExecutionException.class);
    }

    @Test
    void validateReportsEditedUnknownAndFailedButNotPending() {
        folder.add("1_a.sql", "select 1;", "select 1;").add("2_b.sql", "select 1;", "select 1;");
        migrator().build().up();
        assertThat(migrator().build().validate().isValid()).isTrue();

        // 3_c.sql differs from 2_b.sql: a file with 2_b.sql's recorded checksum would be it, renamed
        folder.add("1_a.sql", "select 2;", "select 1;").remove("2_b.sql").add("3_c.sql", "select 3;", "select 1;");
        ValidationReport report = migrator().build().validate();

        assertThat(report.isValid()).isFalse();
        assertThat(report.edited()).containsExactly("1_a.sql");
        assertThat(report.unknown()).containsExactly("2_b.sql");
        assertThat(report.failed()).isEmpty();
        assertThat(migrator().ignoreUnknown(true).build().validate().unknown()).isEmpty();
    }

    @Test
    void skipToRecordsUpToTheTargetWithoutRunning() {
        folder.add("1_a.sql", "select * from not_there;", "select 1;")
                .add("2_b.sql", "select * from not_there;", "select 1;")
                .add("3_c.sql", "select 1;", "select 1;");

        assertThat(migrator().build().skipTo("2_b.sql").executed())
                .extracting(ExecutedMigration::id)
                .containsExactly("1_a.sql", "2_b.sql");
        assertThat(migrator().build().status().pending())
                .extracting(MigrationInfo::id)
                .containsExactly("3_c.sql");
    }

    @Test
    void dataSourceIsTheOneGiven() {
        javax.sql.DataSource dataSource = database.dataSource();
        assertThat(Migrator.builder(dataSource).build().dataSource()).isSameAs(dataSource);
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(database.dataSource());
    }

    static final class Recorder implements MigrateCallback {
        private final String name;
        List<String> calls = new ArrayList<>();

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void beforeRun(MigrateOperation operation) {
            calls.add(name + " beforeRun " + operation);
        }

        @Override
        public void afterMigration(MigrateOperation operation, ExecutedMigration migration) {
            calls.add(name + " afterMigration " + operation + " " + migration.id() + " " + migration.direction());
        }

        @Override
        public void afterRun(MigrateOperation operation, MigrateResult result) {
            calls.add(name + " afterRun " + operation + " " + result.count());
        }
    }
}
