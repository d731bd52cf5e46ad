package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands and exit codes of the command line on one real database; one subclass per database. */
abstract class CliCommandsContract {

    private TestDatabase database;
    private MigrationFolder folder;
    private Path directory;

    abstract TestDatabase createDatabase(String hint);

    @BeforeEach
    void setUp(@TempDir Path temp) {
        database = createDatabase(getClass().getSimpleName());
        directory = temp.resolve("migrations");
        folder = new MigrationFolder(directory)
                .add("20240101000000-users.sql", "create table users (id int primary key);", "drop table users;")
                .add("20240101000100-orders.sql", "create table orders (id int primary key);", "drop table orders;")
                .add("20240101000200-items.sql", "create table items (id int primary key);", "drop table items;");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private Map<String, String> environment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("MIGRATE_URL", database.url());
        environment.put("MIGRATE_USER", database.user());
        environment.put("MIGRATE_PASSWORD", database.password());
        environment.put("MIGRATE_LOCATIONS", "filesystem:" + directory);
        return environment;
    }

    private CliRun cli(String... args) {
        return CliRun.run(environment(), args);
    }

    private int appliedRows() throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from gorp_migrations")) {
            rows.next();
            return rows.getInt(1);
        }
    }

    @Test
    void upWithALimitAppliesThatManyThenUpAppliesTheRest() throws SQLException {
        CliRun first = cli("up", "--limit", "1");
        assertThat(first.code()).as(first.toString()).isZero();
        assertThat(first.out()).contains("ran 1 migration up", "20240101000000-users.sql");
        assertThat(appliedRows()).isEqualTo(1);

        CliRun rest = cli();
        assertThat(rest.code()).as(rest.toString()).isZero();
        assertThat(appliedRows()).isEqualTo(3);

        CliRun noOp = cli("up");
        assertThat(noOp.code()).as(noOp.toString()).isZero();
        assertThat(noOp.out()).contains("schema is up to date, nothing to migrate");
    }

    @Test
    void statusAsJsonIsTheDocumentOfExitMode() {
        assertThat(cli("up", "--limit=2").code()).isZero();
        CliRun status = cli("status", "--output=json");
        assertThat(status.code()).as(status.toString()).isZero();
        assertThat(status.out())
                .startsWith("{\n  \"schemaVersion\": 1,\n  \"command\": \"status\",\n  \"dryRun\": false,\n"
                        + "  \"exitCode\": 0,\n  \"migrators\": {\n    \"migrator\": {\n      \"migrations\": [")
                .contains("\"id\": \"20240101000200-items.sql\",\n          \"state\": \"pending\"")
                .contains("\"applied\": 2,\n      \"pending\": 1,")
                .contains("\"lock\": {")
                .endsWith("}\n");
        CliRun table = cli("status");
        assertThat(table.out()).contains("| 20240101000000-users.sql  | ", "2 applied, 1 pending");
    }

    @Test
    void validateExitsWithTwoOnAnEditedFileAndRepairAcceptsIt() {
        assertThat(cli("up").code()).isZero();
        folder.add("20240101000100-orders.sql", "create table orders (id bigint primary key);", "drop table orders;");

        CliRun invalid = cli("validate");
        assertThat(invalid.code()).as(invalid.toString()).isEqualTo(MigrateCli.INVALID);
        assertThat(invalid.out()).contains("edited:  20240101000100-orders.sql");

        CliRun json = cli("validate", "--output", "json");
        assertThat(json.code()).isEqualTo(MigrateCli.INVALID);
        assertThat(json.out()).contains("\"exitCode\": 2", "\"valid\": false");

        CliRun repair = cli("repair");
        assertThat(repair.code()).as(repair.toString()).isZero();
        assertThat(repair.out()).contains("accepted the checksums of [20240101000100-orders.sql]");
        assertThat(cli("validate").code()).isZero();
    }

    @Test
    void downUndoesOneAndRedoUndoesAndAppliesTheNewest() throws SQLException {
        assertThat(cli("up").code()).isZero();
        CliRun down = cli("down");
        assertThat(down.code()).as(down.toString()).isZero();
        assertThat(down.out()).contains("ran 1 migration down", "20240101000200-items.sql");
        assertThat(appliedRows()).isEqualTo(2);

        CliRun redo = cli("redo");
        assertThat(redo.code()).as(redo.toString()).isZero();
        assertThat(appliedRows()).isEqualTo(2);

        CliRun all = cli("down", "--limit", "0");
        assertThat(all.code()).as(all.toString()).isZero();
        assertThat(appliedRows()).isZero();
    }

    @Test
    void planAndDryRunChangeNothing() throws SQLException {
        assertThat(cli("up", "--target", "20240101000000-users.sql").code()).isZero();
        CliRun plan = cli("plan");
        assertThat(plan.code()).as(plan.toString()).isZero();
        assertThat(plan.out())
                .contains("==> would apply 20240101000100-orders.sql (up, in a transaction, 1 statement)")
                .contains("create table items");
        CliRun dryDown = cli("down", "--dry-run", "--output=json");
        assertThat(dryDown.code()).as(dryDown.toString()).isZero();
        assertThat(dryDown.out()).contains("\"dryRun\": true", "\"direction\": \"down\"", "drop table users");
        assertThat(appliedRows()).isEqualTo(1);
    }

    @Test
    void skipRecordsWithoutRunning() throws SQLException {
        CliRun skip = cli("skip", "--limit", "1");
        assertThat(skip.code()).as(skip.toString()).isZero();
        assertThat(appliedRows()).isEqualTo(1);
        // users was recorded, not created: the next up creates orders and items only
        assertThat(cli("up").code()).isZero();
        assertThat(appliedRows()).isEqualTo(3);
    }

    @Test
    void aFailingMigrationExitsWithOneNamingFileAndLine() {
        folder.add("20240101000300-broken.sql", "-- +migrate Up\n\ncreate tabel broken (id int);\n");
        CliRun run = cli("up");
        assertThat(run.code()).as(run.toString()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).contains("migration 20240101000300-broken.sql failed at line 3");
    }

    @Test
    void anInvalidTableNameIsNamedByItsVariable() {
        Map<String, String> environment = environment();
        environment.put("MIGRATE_TABLE", "history; drop table users");
        CliRun run = CliRun.run(environment, "up");
        assertThat(run.code()).as(run.toString()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).startsWith("migrate: MIGRATE_TABLE is invalid: ");
    }

    @Test
    void aMissingFolderIsNamedByItsVariable() {
        Map<String, String> environment = environment();
        environment.put("MIGRATE_LOCATIONS", "filesystem:" + directory.resolve("missing"));
        CliRun run = CliRun.run(environment, "up");
        assertThat(run.code()).as(run.toString()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).startsWith("migrate: MIGRATE_LOCATIONS is invalid: ");
    }

    @Test
    void newWritesTheSkeletonIntoTheFolder() throws Exception {
        CliRun run = cli("new", "add_payments");
        assertThat(run.code()).as(run.toString()).isZero();
        try (var files = Files.list(directory)) {
            assertThat(files.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.matches("\\d{14}-add_payments\\.sql"));
        }
    }
}
