package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A renamed applied migration never runs twice (DESIGN.md, contract 2), on every database: an
 * applied id the source lacks whose recorded checksum a pending file has is that file renamed, not
 * a future migration; planning refuses it naming both names, and repair records the new name.
 */
class RenamedMigrationTest {

    private static final String SEED = "-- +migrate Up\ninsert into seeded (name) values ('first');\n\n"
            + "-- +migrate Down\ndelete from seeded;\n";

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void renamingTheNewestAppliedFileIsRefusedNamingBothNamesAndItsSqlNeverRunsTwice(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "renamed")) {
            MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                    .add("0_table.sql", "create table seeded (name varchar(20));", "drop table seeded;")
                    .add("1_seed.sql", SEED);
            assertThat(migrator(db, folder).up().count()).isEqualTo(2);
            folder.remove("1_seed.sql").add("1_seed-fixed.sql", SEED);

            assertThatThrownBy(() -> migrator(db, folder).up())
                    .isInstanceOfSatisfying(MigrationPlanException.class, e -> {
                        assertThat(e.reason()).isEqualTo(MigrationPlanException.Reason.RENAMED);
                        assertThat(e.migration()).isEqualTo("1_seed.sql");
                    })
                    .hasMessageContaining("applied migration 1_seed.sql is not among the migrations found")
                    .hasMessageContaining("the pending 1_seed-fixed.sql has the very checksum recorded for 1_seed.sql")
                    .hasMessageContaining("run repair");
            assertThatThrownBy(() -> migrator(db, folder).down())
                    .isInstanceOfSatisfying(
                            MigrationPlanException.class,
                            e -> assertThat(e.reason()).isEqualTo(MigrationPlanException.Reason.RENAMED));

            StatusReport status = migrator(db, folder).status();
            assertThat(status.future()).isEmpty();
            assertThat(status.unknown()).singleElement().satisfies(old -> {
                assertThat(old.id()).isEqualTo("1_seed.sql");
                assertThat(old.failure()).contains("1_seed-fixed.sql");
            });
            assertThat(migrator(db, folder).validate().unknown()).containsExactly("1_seed.sql");
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select name from seeded")).containsExactly("first");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void repairRecordsTheNewNameInPlaceOfTheOldAndNothingRunsAgain(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "renamedrepair")) {
            MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                    .add("0_table.sql", "create table seeded (name varchar(20));", "drop table seeded;")
                    .add("1_seed.sql", SEED);
            migrator(db, folder).up();
            folder.remove("1_seed.sql").add("1_seed-fixed.sql", SEED);

            RepairResult repaired = migrator(db, folder).repair();

            assertThat(repaired.renamed()).isEqualTo(Map.of("1_seed.sql", "1_seed-fixed.sql"));
            assertThat(migrator(db, folder).up().count()).isZero();
            StatusReport status = migrator(db, folder).status();
            assertThat(status.applied())
                    .extracting(MigrationInfo::id)
                    .containsExactly("0_table.sql", "1_seed-fixed.sql");
            assertThat(status.applied().get(1).appliedAt()).isNotNull();
            assertThat(status.unknown()).isEmpty();
            assertThat(migrator(db, folder).validate().isValid()).isTrue();
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select name from seeded")).containsExactly("first");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = TestDatabase.Kind.class, names = "POSTGRESQL")
    void aRenamedOlderFileIsRefusedEvenWithIgnoreUnknown(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "renamedold")) {
            MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                    .add("0_table.sql", "create table seeded (name varchar(20));", "drop table seeded;")
                    .add("1_seed.sql", SEED)
                    .add("2_more.sql", "create table more_rows (id int);", "drop table more_rows;");
            migrator(db, folder).up();
            folder.remove("1_seed.sql").add("1_seed-again.sql", SEED);

            assertThatThrownBy(() -> Migrator.builder(db.dataSource())
                            .locations(folder.location())
                            .ignoreUnknown(true)
                            .build()
                            .up())
                    .isInstanceOfSatisfying(
                            MigrationPlanException.class,
                            e -> assertThat(e.reason()).isEqualTo(MigrationPlanException.Reason.RENAMED))
                    .hasMessageContaining("1_seed-again.sql");
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select name from seeded")).containsExactly("first");
            }
        }
    }

    private static Migrator migrator(TestDatabase db, MigrationFolder folder) {
        return Migrator.builder(db.dataSource()).locations(folder.location()).build();
    }
}
