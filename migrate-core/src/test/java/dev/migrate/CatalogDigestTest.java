package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.InterceptingDataSource;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog digest (issue 21): on PostgreSQL, an {@code up} of a newly built Migrator that has
 * nothing to do sends one statement, which answers the digest of the history in one row, and reads
 * no history row; a digest computed in Java from the files' names and fingerprints must equal it.
 * Every other history (a pending file, a hole, an unknown applied id, an edited file, a fingerprint
 * no longer bound to its checksum or missing, a failure mark, a side row of its own) gives another
 * answer, and the run reads the rows and plans exactly as without the digest.
 */
class CatalogDigestTest {

    private static final String DIGEST = "select count(*) || ':' || coalesce(sum(hashtextextended(";
    private static final String PLANNING_READ = "select \"id\", null, null";

    @TempDir
    Path temp;

    private final Instant anHourAgo = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void aNoOpUpSendsTheDigestAloneWithNamesOfEveryAlphabet() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_noop")) {
            MigrationFolder folder = folder("names");
            // byte order is not the order of these names in UTF-16 or in a language's collation
            add(folder, "5_café.sql", "create table if not exists t_cafe (id int);");
            add(folder, "6_\uD83D\uDE00_smile.sql", "create table if not exists t_smile (id int);");
            add(folder, "7_\uFB01_ligature.sql", "create table if not exists t_lig (id int);");
            add(folder, "8_Zebra.sql", "create table if not exists t_zebra (id int);");
            assertThat(migrator(db, folder).up().count()).isEqualTo(7);

            List<String> sent = new CopyOnWriteArrayList<>();
            assertThat(recording(db, folder, sent).up().count()).isZero();
            assertThat(sent).as("statements of a no-op up").hasSize(1);
            assertThat(sent.get(0)).startsWith(DIGEST);
        }
    }

    @Test
    void aMigratorPerTenantDatabaseAppliesWhereTheSameFilesAreNotApplied() throws Exception {
        try (TestDatabase one = TestDatabase.postgres("cd_tenant_one");
                TestDatabase two = TestDatabase.postgres("cd_tenant_two")) {
            MigrationFolder folder = applied(one, "tenants");

            // the JVM knows this listing's digest now; another database's answer differs
            List<String> sent = new CopyOnWriteArrayList<>();
            MigrateResult second = recording(two, folder, sent).up();
            assertThat(second.executed())
                    .extracting(ExecutedMigration::id)
                    .containsExactly("1_a.sql", "2_b.sql", "3_c.sql");
            assertThat(sent.get(0)).startsWith(DIGEST);
            assertThat(sent.get(1)).startsWith(PLANNING_READ);

            assertOneStatementAfterwards(one, folder);
            assertOneStatementAfterwards(two, folder);
            execute(two, "delete from gorp_migrations where id = '3_c.sql'");
            assertThat(migrator(two, folder).up().executed())
                    .extracting(ExecutedMigration::id)
                    .containsExactly("3_c.sql");
        }
    }

    @Test
    void aFileEditedAfterAnotherMigratorListedItIsFound() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_edited_later")) {
            MigrationFolder folder = applied(db, "edited_later");
            assertOneStatementAfterwards(db, folder);
            Path file = folder.directory().resolve("2_b.sql");
            // the same size, another time: only the version tells
            Files.writeString(file, Files.readString(file).replace("t_b", "t_x"));
            Files.setLastModifiedTime(file, FileTime.from(anHourAgo.plusSeconds(60)));

            assertUpFails(db, folder, MigrationPlanException.Reason.EDITED);
        }
    }

    @Test
    void aNewFileIsAppliedAfterTheRowsAreRead() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_pending")) {
            MigrationFolder folder = applied(db, "pending");
            add(folder, "4_d.sql", "create table if not exists t_d (id int);");

            List<String> sent = new CopyOnWriteArrayList<>();
            MigrateResult result = recording(db, folder, sent).up();

            assertThat(result.executed()).extracting(ExecutedMigration::id).containsExactly("4_d.sql");
            assertThat(sent.get(0)).startsWith(DIGEST);
            assertThat(sent.get(1)).startsWith(PLANNING_READ);
            assertOneStatementAfterwards(db, folder);
        }
    }

    @Test
    void aHoleIsAppliedAgain() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_hole")) {
            MigrationFolder folder = applied(db, "hole");
            execute(db, "delete from gorp_migrations where id = '2_b.sql'");

            MigrateResult result = migrator(db, folder).up();

            assertThat(result.executed()).extracting(ExecutedMigration::id).containsExactly("2_b.sql");
            assertOneStatementAfterwards(db, folder);
        }
    }

    @Test
    void anUnknownAppliedIdFailsAsWithoutTheDigest() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_unknown")) {
            MigrationFolder folder = applied(db, "unknown");
            execute(db, "insert into gorp_migrations (id, applied_at) values ('2_gone.sql', now())");

            assertUpFails(db, folder, MigrationPlanException.Reason.UNKNOWN_APPLIED);
        }
    }

    @Test
    void anEditedFileIsFound() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_edited")) {
            MigrationFolder folder = applied(db, "edited");
            Path file = folder.directory().resolve("2_b.sql");
            Files.writeString(file, Files.readString(file).replace("t_b", "t_x"));
            Files.setLastModifiedTime(file, FileTime.from(anHourAgo.plusSeconds(60)));

            assertUpFails(db, folder, MigrationPlanException.Reason.EDITED);
        }
    }

    @Test
    void aChecksumWrittenWithoutItsFingerprintMakesTheFileBeRead() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_unbound")) {
            MigrationFolder folder = applied(db, "unbound");
            // what a hand edit or a tool that does not know fingerprints leaves: the checksum of other bytes
            execute(db, "update gorp_migrations_migrate set checksum = repeat('ab', 32) where id = '2_b.sql'");

            assertUpFails(db, folder, MigrationPlanException.Reason.EDITED);
        }
    }

    @Test
    void aMissingFingerprintIsRecordedAndTheNextUpSendsTheDigestAlone() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_nofp")) {
            MigrationFolder folder = applied(db, "nofp");
            execute(db, "update gorp_migrations_migrate set fingerprint = null");

            List<String> sent = new CopyOnWriteArrayList<>();
            assertThat(recording(db, folder, sent).up().count()).isZero();
            assertThat(sent).as("digest, rows, fingerprints recorded").hasSize(3);
            assertOneStatementAfterwards(db, folder);
        }
    }

    @Test
    void aFailureMarkOrASideRowOfItsOwnMakesTheRowsBeRead() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_marks")) {
            MigrationFolder folder = applied(db, "marks");
            execute(
                    db,
                    "insert into gorp_migrations_migrate (id, checksum, state, failed_line, message, updated_at)"
                            + " values ('9_z.sql', 'abc', 'failed', 3, 'boom', now())");
            List<String> sent = new CopyOnWriteArrayList<>();
            assertThat(recording(db, folder, sent).up().count()).isZero();
            assertThat(sent).hasSize(2);
            assertThat(sent.get(1)).startsWith(PLANNING_READ);

            execute(db, "delete from gorp_migrations_migrate where id = '9_z.sql'");
            execute(
                    db,
                    "update gorp_migrations_migrate set state = 'down_failed', failed_line = 2, message = 'x'"
                            + " where id = '3_c.sql'");
            sent.clear();
            assertThat(recording(db, folder, sent).up().count()).isZero();
            assertThat(sent).hasSize(2);
            assertThatThrownBy(() -> migrator(db, folder).down(1))
                    .isInstanceOfSatisfying(
                            MigrationPlanException.class,
                            e -> assertThat(e.reason()).isEqualTo(MigrationPlanException.Reason.DOWN_FAILED));
        }
    }

    @Test
    void aNameWithACommaIsDigestedToo() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("cd_comma")) {
            MigrationFolder folder = applied(db, "comma");
            add(folder, "4_a,b.sql", "create table if not exists t_ab (id int);");
            assertThat(migrator(db, folder).up().count()).isEqualTo(1);

            assertOneStatementAfterwards(db, folder);
        }
    }

    private static void assertUpFails(TestDatabase db, MigrationFolder folder, MigrationPlanException.Reason reason) {
        assertThatThrownBy(() -> migrator(db, folder).up())
                .isInstanceOfSatisfying(
                        MigrationPlanException.class,
                        e -> assertThat(e.reason()).isEqualTo(reason));
    }

    private void assertOneStatementAfterwards(TestDatabase db, MigrationFolder folder) throws Exception {
        List<String> sent = new CopyOnWriteArrayList<>();
        assertThat(recording(db, folder, sent).up().count()).isZero();
        assertThat(sent).as("statements of the next no-op up").hasSize(1);
        assertThat(sent.get(0)).startsWith(DIGEST);
    }

    /** Three migrations applied, each recorded with its fingerprint. */
    private MigrationFolder applied(TestDatabase db, String name) throws Exception {
        MigrationFolder folder = folder(name);
        assertThat(migrator(db, folder).up().count()).isEqualTo(3);
        return folder;
    }

    private MigrationFolder folder(String name) throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve(name));
        for (String id : List.of("1_a", "2_b", "3_c")) {
            String table = "t_" + id.substring(2);
            add(folder, id + ".sql", "create table if not exists " + table + " (id int);");
        }
        return folder;
    }

    /** A migration whose time is an hour ago: old enough for its fingerprint to be trusted. */
    private void add(MigrationFolder folder, String id, String up) throws Exception {
        folder.add(id, up, "select 1;");
        Files.setLastModifiedTime(folder.directory().resolve(id), FileTime.from(anHourAgo));
    }

    private static Migrator migrator(TestDatabase db, MigrationFolder folder) {
        return Migrator.builder(db.dataSource()).locations(folder.location()).build();
    }

    private static Migrator recording(TestDatabase db, MigrationFolder folder, List<String> sent) {
        InterceptingDataSource dataSource =
                new InterceptingDataSource(db.dataSource(), (connection, sql) -> sent.add(sql));
        return Migrator.builder(dataSource).locations(folder.location()).build();
    }

    private static void execute(TestDatabase db, String sql) throws Exception {
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
