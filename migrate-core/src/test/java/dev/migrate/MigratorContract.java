package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every supported database must do the same way. Each subclass runs it against one real
 * database kind; each test gets its own history table, so tests share the class's database
 * without seeing each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MigratorContract {

    private final TestDatabase database;
    private int tableCounter;
    private String table;

    @TempDir
    Path temp;

    MigrationFolder folder;

    MigratorContract(TestDatabase database) {
        this.database = database;
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    @BeforeEach
    void freshHistoryTable() throws Exception {
        table = "history_" + (++tableCounter);
        folder = new MigrationFolder(temp.resolve("migrations"));
    }

    Migrator.Builder migrator() {
        return Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table(table);
    }

    /** The side table of this test's history, as a migration names it in SQL. */
    String sideTableInSql() {
        return table + "_migrate";
    }

    String uniqueTable(String base) {
        return base + "_" + tableCounter;
    }

    @Test
    void appliesAllPendingMigrationsInOrderAndRecordsEachOnce() throws Exception {
        String t = uniqueTable("items");
        folder.add("10_b.sql", "insert into " + t + " (name) values ('ten');", "delete from " + t + ";")
                .add("9_a.sql", "create table " + t + " (name varchar(20));", "drop table " + t + ";");

        MigrateResult result = migrator().build().up();

        assertThat(result.executed()).extracting(ExecutedMigration::id).containsExactly("9_a.sql", "10_b.sql");
        assertThat(result.lockTaken()).isTrue();
        assertThat(historyIds()).containsExactly("10_b.sql", "9_a.sql");
        assertThat(count("select count(*) from " + t)).isEqualTo(1);
    }

    @Test
    void historyTableHasExactlyTheGoToolsTwoColumns() throws Exception {
        folder.add("1_a.sql", "select 1;", "select 1;");
        migrator().build().up();

        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select * from " + quoted(table))) {
            assertThat(rows.getMetaData().getColumnCount()).isEqualTo(2);
            assertThat(rows.getMetaData().getColumnName(1)).isEqualToIgnoringCase("id");
            assertThat(rows.getMetaData().getColumnName(2)).isEqualToIgnoringCase("applied_at");
            assertThat(rows.next()).isTrue();
            assertThat(rows.getTimestamp(2)).isNotNull();
        }
    }

    @Test
    void secondRunFindsNothingPendingAndTakesNoLock() {
        folder.add("1_a.sql", "select 1;", "select 1;");
        Migrator migrator = migrator().build();
        migrator.up();

        MigrateResult again = migrator.up();

        assertThat(again.executed()).isEmpty();
        assertThat(again.lockTaken()).isFalse();
    }

    @Test
    void failedStatementRollsBackTheMigrationAndRecordsNothing() throws Exception {
        String t = uniqueTable("rolled");
        folder.add("1_ok.sql", "create table " + t + " (id int);", "drop table " + t + ";")
                .add(
                        "2_bad.sql",
                        "-- +migrate Up\ninsert into " + t + " values (1);\n\nselect * from no_such_table_x;\n"
                                + "-- +migrate Down\nselect 1;\n");

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                    assertThat(e.file()).isEqualTo("2_bad.sql");
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.databaseMessage()).containsIgnoringCase("no_such_table_x");
                    assertThat(e.getMessage()).contains("2_bad.sql:4");
                });

        assertThat(historyIds()).containsExactly("1_ok.sql");
        assertThat(count("select count(*) from " + t)).isZero();
    }

    @Test
    void executionErrorCarriesTheStatementAndSaysItWasRolledBack() {
        folder.add(
                "1_bad.sql",
                "-- +migrate Up\nselect 1;\n\nselect *\n  from no_such_table_q;\n-- +migrate Down\nselect 1;\n");

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                    assertThat(e.file()).isEqualTo("1_bad.sql");
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.statement()).isEqualTo("select * from no_such_table_q;");
                    assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.ROLLED_BACK);
                    assertThat(e.consequence()).isEqualTo("the migration was rolled back; nothing of it was recorded.");
                });
    }

    @Test
    void executionErrorHidesPasswordsInTheStatement() {
        folder.add(
                "1_secret.sql",
                "-- +migrate Up\ninsert into no_such_table_p (name, password) values ('app', 'hunter2-secret');\n"
                        + "-- +migrate Down\nselect 1;\n");

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                    assertThat(e.statement())
                            .isEqualTo("insert into no_such_table_p (name, password) values ('***', '***');");
                    assertThat(e.databaseMessage()).doesNotContain("hunter2-secret");
                    assertThat(e.getMessage()).doesNotContain("hunter2-secret");
                });
    }

    @Test
    void failedNoTransactionMigrationReportsMarkedFailed() throws Exception {
        String t = uniqueTable("notxo");
        folder.add("1_t.sql", "create table " + t + " (id int);", "drop table " + t + ";")
                .add(
                        "2_notx.sql",
                        "-- +migrate Up notransaction\ninsert into " + t + " values (1);\ninsert into " + t
                                + " values (2);\ninsert into no_such_z values (3);\n-- +migrate Down\nselect 1;\n");

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.statement()).isEqualTo("insert into no_such_z values (3);");
                    assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.MARKED_FAILED);
                    assertThat(e.consequence())
                            .startsWith("2_notx.sql runs without a transaction: the 2 statements before it stayed"
                                    + " applied. It is marked failed");
                    assertThat(e.getSuppressed()).isEmpty();
                });
    }

    @Test
    void failureThatCouldNotBeMarkedFailedSaysItMayBePartlyCommitted() throws Exception {
        // the migration drops the side table, so marking it failed fails too
        folder.add(
                "1_drops_side.sql",
                "-- +migrate Up notransaction\ndrop table " + sideTableInSql()
                        + ";\ninsert into no_such_w values (1);\n" + "-- +migrate Down\nselect 1;\n");

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                    assertThat(e.line()).isEqualTo(3);
                    assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.MAY_BE_PARTLY_COMMITTED);
                    assertThat(e.getSuppressed()).hasSize(1);
                });
        assertThat(historyIds()).isEmpty();
    }

    @Test
    void aFailureInsideARunOfInsertsNamesTheFailingStatementsLine() throws Exception {
        String t = uniqueTable("batch");
        folder.add("1_table.sql", "create table " + t + " (id int primary key);", "drop table " + t + ";");
        StringBuilder up = new StringBuilder("-- +migrate Up\n");
        for (int i = 1; i <= 1200; i++) {
            // line i + 1 inserts row i, except that row 777 repeats row 776's key
            up.append("insert into ")
                    .append(t)
                    .append(" values (")
                    .append(i == 777 ? 776 : i)
                    .append(");\n");
        }
        up.append("select 1;\n-- +migrate Down\ndelete from ").append(t).append(";\n");
        folder.add("2_rows.sql", up.toString());

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                    assertThat(e.line()).isEqualTo(778);
                    assertThat(e.getMessage()).contains("2_rows.sql:778").contains("values (776)");
                });
        assertThat(historyIds()).containsExactly("1_table.sql");
        assertThat(count("select count(*) from " + t)).isZero();

        folder.add(
                "2_rows.sql",
                up.toString()
                        .replaceFirst(
                                "values \\(776\\);\n(insert into \\w+) values \\(776\\)",
                                "values (776);\n$1 values (777)"));
        migrator().build().up();
        assertThat(count("select count(*) from " + t)).isEqualTo(1200);
    }

    @Test
    void failedNoTransactionMigrationIsMarkedFailedAndWaitsForRepair() throws Exception {
        String t = uniqueTable("notx");
        folder.add("1_t.sql", "create table " + t + " (id int);", "drop table " + t + ";")
                .add(
                        "2_notx.sql",
                        "-- +migrate Up notransaction\ninsert into " + t
                                + " values (1);\ninsert into no_such_y values (2);\n" + "-- +migrate Down\ndelete from "
                                + t + ";\n");
        Migrator migrator = migrator().build();

        assertThatThrownBy(migrator::up)
                .isInstanceOf(MigrationExecutionException.class)
                .hasMessageContaining("2_notx.sql:3")
                .hasMessageContaining("the 1 statement before it stayed applied");
        assertThat(historyIds()).containsExactly("1_t.sql");
        assertThat(count("select count(*) from " + t)).isEqualTo(1);
        assertThat(migrator.status().failed()).extracting(MigrationInfo::id).containsExactly("2_notx.sql");

        folder.add(
                "2_notx.sql",
                "-- +migrate Up notransaction\ndelete from " + t + ";\ninsert into " + t + " values (2);\n"
                        + "-- +migrate Down\ndelete from " + t + ";\n");
        assertThatThrownBy(migrator::up)
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("2_notx.sql failed at line 3")
                .hasMessageContaining("repair");

        RepairResult repair = migrator.repair();
        assertThat(repair.clearedFailures()).containsExactly("2_notx.sql");
        assertThat(migrator.up().executed()).extracting(ExecutedMigration::id).containsExactly("2_notx.sql");
        assertThat(count("select count(*) from " + t)).isEqualTo(1);
        assertThat(migrator.status().failed()).isEmpty();
    }

    @Test
    void holesAreAppliedFirstThenNewerOnesAndLimitCountsOnlyNewer() throws Exception {
        folder.add("1_a.sql", "select 1;", "select 1;").add("3_c.sql", "select 1;", "select 1;");
        Migrator migrator = migrator().build();
        migrator.up();
        folder.add("2_b.sql", "select 1;", "select 1;")
                .add("4_d.sql", "select 1;", "select 1;")
                .add("5_e.sql", "select 1;", "select 1;");

        MigrateResult result = migrator.up(1);

        assertThat(result.executed()).extracting(ExecutedMigration::id).containsExactly("2_b.sql", "4_d.sql");
        assertThat(migrator.status().pending()).extracting(MigrationInfo::id).containsExactly("5_e.sql");
    }

    @Test
    void aNegativeLimitOrCountIsRefusedNamingTheArgumentAndNothingIsRecorded() throws Exception {
        folder.add("1_a.sql", "select 1;", "select 1;").add("3_c.sql", "select 1;", "select 1;");
        Migrator migrator = migrator().build();
        migrator.up();
        // 2_b.sql is a hole: a negative limit once skipped the holes and nothing newer
        folder.add("2_b.sql", "select 1;", "select 1;").add("4_d.sql", "select 1;", "select 1;");

        assertSetting(() -> migrator.skip(-1), "limit");
        assertSetting(() -> migrator.up(-1), "limit");
        assertSetting(() -> migrator.plan(-1), "limit");
        assertSetting(() -> migrator.down(-1), "count");
        assertSetting(() -> migrator.planDown(-1), "count");
        assertThat(migrator.status().pending()).extracting(MigrationInfo::id).containsExactly("2_b.sql", "4_d.sql");
    }

    @Test
    void upToTargetIsInclusive() {
        folder.add("1_a.sql", "select 1;", "select 1;")
                .add("2_b.sql", "select 1;", "select 1;")
                .add("3_c.sql", "select 1;", "select 1;");

        MigrateResult result = migrator().build().upTo("2_b.sql");

        assertThat(result.executed()).extracting(ExecutedMigration::id).containsExactly("1_a.sql", "2_b.sql");
        assertThatThrownBy(() -> migrator().build().upTo("9_nope.sql"))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("9_nope.sql");
    }

    @Test
    void unknownAppliedMigrationIsAnErrorUnlessIgnored() throws Exception {
        folder.add("1_a.sql", "select 1;", "select 1;").add("2_b.sql", "select 1;", "select 1;");
        migrator().build().up();
        // another content than 2_b.sql: a file with its recorded checksum would be it, renamed
        folder.remove("2_b.sql").add("3_c.sql", "select 3;", "select 1;");

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("unknown migration in database: 2_b.sql");
        assertThat(migrator().ignoreUnknown(true).build().up().executed())
                .extracting(ExecutedMigration::id)
                .containsExactly("3_c.sql");
    }

    @Test
    void editedAppliedFileIsAnErrorOrAWarningAndRepairAcceptsIt() {
        folder.add("1_a.sql", "select 1;", "select 1;");
        migrator().build().up();
        folder.add("1_a.sql", "select 2;", "select 1;").add("2_b.sql", "select 1;", "select 1;");

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("1_a.sql was edited");
        assertThat(migrator().validateChecksums(false).build().up().executed())
                .extracting(ExecutedMigration::id)
                .containsExactly("2_b.sql");

        folder.add("3_c.sql", "select 1;", "select 1;");
        assertThat(migrator().build().repair().updatedChecksums()).containsExactly("1_a.sql");
        assertThat(migrator().build().up().executed())
                .extracting(ExecutedMigration::id)
                .containsExactly("3_c.sql");
    }

    @Test
    void downUndoesNewestAppliedFirstAndNeverRunsAHole() throws Exception {
        String t = uniqueTable("downs");
        folder.add("1_a.sql", "create table " + t + " (id int);", "drop table " + t + ";")
                .add("3_c.sql", "insert into " + t + " values (3);", "delete from " + t + " where id = 3;");
        Migrator migrator = migrator().build();
        migrator.up();
        folder.add("2_b.sql", "insert into " + t + " values (2);", "delete from " + t + " where id = 2;");

        MigrateResult down = migrator.down();

        assertThat(down.executed()).extracting(ExecutedMigration::id).containsExactly("3_c.sql");
        assertThat(historyIds()).containsExactly("1_a.sql");
        assertThat(count("select count(*) from " + t)).isZero();
        assertThat(migrator.down(0).executed())
                .extracting(ExecutedMigration::id)
                .containsExactly("1_a.sql");
        assertThat(historyIds()).isEmpty();
    }

    @Test
    void redoUndoesAndReappliesTheNewest() throws Exception {
        String t = uniqueTable("redo");
        folder.add("1_a.sql", "create table " + t + " (id int);", "drop table " + t + ";")
                .add("2_b.sql", "insert into " + t + " values (1);", "delete from " + t + ";");
        Migrator migrator = migrator().build();
        migrator.up();

        MigrateResult redo = migrator.redo();

        assertThat(redo.executed())
                .extracting(e -> e.id() + " " + e.direction())
                .containsExactly("2_b.sql DOWN", "2_b.sql UP");
        assertThat(count("select count(*) from " + t)).isEqualTo(1);
        assertThat(historyIds()).containsExactly("1_a.sql", "2_b.sql");
    }

    @Test
    void skipRecordsWithoutRunning() throws Exception {
        folder.add("1_a.sql", "create table never_created_x (id int);", "select 1;");

        MigrateResult skip = migrator().build().skip();

        assertThat(skip.executed()).extracting(ExecutedMigration::id).containsExactly("1_a.sql");
        assertThat(historyIds()).containsExactly("1_a.sql");
        assertThat(migrator().build().status().applied()).hasSize(1);
        assertThat(tableExists("never_created_x"))
                .as("skip must not run the migration's statements")
                .isFalse();
    }

    @Test
    void statusListsAppliedPendingAndFailedWithTimesAndChecksums() throws Exception {
        folder.add("1_a.sql", "select 1;", "select 1;");
        String checksum = sha256(folder.directory().resolve("1_a.sql"));
        Migrator migrator = migrator().build();
        Instant before = Instant.now().minusSeconds(5);
        migrator.up();
        folder.add("2_b.sql", "select 1;", "select 1;");

        StatusReport status = migrator.status();

        assertThat(status.applied()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo("1_a.sql");
            assertThat(m.appliedAt()).isAfter(before);
            assertThat(m.checksum()).isEqualTo(checksum);
            assertThat(m.executionTime()).isNotNull();
            assertThat(m.appliedBy()).contains("/");
        });
        assertThat(status.pending()).extracting(MigrationInfo::id).containsExactly("2_b.sql");
        assertThat(status.lock().type()).isNotEqualTo(LockType.AUTO);
    }

    @Test
    void aBrokenFileFailsTheWholeRunBeforeAnythingRuns() throws Exception {
        folder.add("1_a.sql", "create table never_created_y (id int);", "select 1;")
                .add("2_broken.sql", "-- +migrate Up\nselect 1\n");

        assertThatThrownBy(() -> migrator().build().up()).isInstanceOfSatisfying(MigrationParseException.class, e -> {
            assertThat(e.file()).isEqualTo("2_broken.sql");
            assertThat(e.getMessage()).contains("2_broken.sql:");
        });
        assertThat(tableExists("never_created_y"))
                .as("1_a.sql must not run when 2_broken.sql cannot be parsed")
                .isFalse();
        assertThat(!tableExists(table) || historyIds().isEmpty())
                .as("nothing recorded in " + table)
                .isTrue();
    }

    @Test
    void aPsqlStyleTransactionInATransactionalMigrationIsRefusedBeforeAnythingRuns() throws Exception {
        String t = uniqueTable("psql");
        folder.add("1_a.sql", "create table never_created_z (id int);", "select 1;")
                .add(
                        "2_psql.sql",
                        "-- +migrate Up\nbegin;\ncreate table " + t + " (id int);\ninsert into " + t
                                + " values (1);\ncommit;\n-- +migrate Down\ndrop table " + t + ";\n");

        assertThatThrownBy(() -> migrator().build().up()).isInstanceOfSatisfying(MigrationParseException.class, e -> {
            assertThat(e.file()).isEqualTo("2_psql.sql");
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage())
                    .contains("transaction control ('BEGIN') inside a transactional migration")
                    .contains("'-- +migrate Up notransaction'");
        });
        assertThat(tableExists("never_created_z")).isFalse();
        assertThat(tableExists(t)).isFalse();

        // the same file marked notransaction runs as written
        folder.add(
                "2_psql.sql",
                "-- +migrate Up notransaction\nbegin;\ncreate table " + t + " (id int);\ninsert into " + t
                        + " values (1);\ncommit;\n-- +migrate Down\ndrop table " + t + ";\n");
        assertThat(migrator().build().up().executed()).hasSize(2);
        assertThat(tableExists(t)).isTrue();
    }

    @Test
    void aHostileTableNameIsRejectedBeforeAnySql() {
        assertThatThrownBy(() -> migrator().table("x; drop table y").build())
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("table");
        assertThatThrownBy(() -> migrator().schema("a\"b").build())
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("schema");
    }

    @Test
    void aConfigurationErrorNamesItsSettingAsTheBuilderDoes() {
        assertSetting(() -> migrator().table("x; drop table y").build(), "table");
        assertSetting(() -> migrator().table("t".repeat(56)).build(), "table");
        assertSetting(() -> migrator().schema("a\"b").build(), "schema");
        assertSetting(() -> migrator().locations("nope:x").build(), "locations");
        assertSetting(
                () -> migrator().locations(folder.location(), folder.location()).build(), "locations");
        assertSetting(() -> migrator().lockTimeout(Duration.ZERO), "lockTimeout");
        assertSetting(() -> migrator().build().up(-1), "limit");
    }

    private static void assertSetting(ThrowingCallable call, String setting) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        MigrationConfigurationException.class,
                        e -> assertThat(e.setting()).isEqualTo(setting));
    }

    @Test
    void aTableNameWithNoRoomForMigratesSuffixesIsRefusedAtBuildNamingTheSetting() {
        String tooLong = "t".repeat(56); // + "_migrate" would be 64 characters

        assertThatThrownBy(() -> migrator().table(tooLong).build())
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("invalid table name '" + tooLong + "'")
                .hasMessageContaining(tooLong + "_migrate")
                .hasMessageContaining("at most 55 characters");
    }

    @Test
    void theLongestTableNameAllowedHoldsItsSideAndLeaseTablesUncut() throws Exception {
        String unique = "_" + tableCounter;
        String longest = "h".repeat(55 - unique.length()) + unique; // its side table's name has 63 characters
        folder.add("1_a.sql", "select 1;", "select 1;");

        MigrateResult result = migrator()
                .table(longest)
                .lockType(dev.migrate.LockType.TABLE_LEASE)
                .build()
                .up();

        assertThat(longest).hasSize(55);
        assertThat(result.count()).isEqualTo(1);
        assertThat(count("select count(*) from " + quoted(longest))).isEqualTo(1);
        assertThat(count("select count(*) from " + quoted(longest + "_migrate")))
                .isEqualTo(1);
        assertThat(count("select count(*) from " + quoted(longest + "_lock"))).isZero();
    }

    @Test
    void newMigrationWritesTheGoToolsSkeleton() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:15:30Z"), ZoneOffset.UTC);

        Path file = Migrator.newMigration(folder.directory(), "add_users", clock);

        assertThat(file.getFileName().toString()).isEqualTo("20261125101530-add_users.sql");
        assertThat(Files.readString(file)).contains("-- +migrate Up").contains("-- +migrate Down");
        assertThat(migrator().build().up().executed()).hasSize(1);
    }

    String quoted(String name) {
        return database.kind() == TestDatabase.Kind.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
    }

    /** The ids in this test's history table; fails (rather than answering empty) if it is missing. */
    List<String> historyIds() throws SQLException {
        assertThat(tableExists(table)).as("history table " + table + " exists").isTrue();
        List<String> ids = new ArrayList<>();
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("select " + quoted("id") + " from " + quoted(table) + " order by 1")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /** Whether a table of this name (in any letter case) exists in the test's database. */
    boolean tableExists(String name) throws SQLException {
        try (Connection c = database.connect();
                ResultSet tables = c.getMetaData().getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                if (tables.getString("TABLE_NAME").equalsIgnoreCase(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** SHA-256 of a file's bytes as lower-case hex, computed here rather than by the catalog. */
    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    long count(String sql) throws SQLException {
        try (Connection c = database.connect();
                Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
