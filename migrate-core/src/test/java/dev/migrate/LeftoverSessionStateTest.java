package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static dev.migrate.SessionRestoreTest.execute;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connection goes back clean after odd SQL too (DESIGN.md, contract 3 item 9): what a
 * migration leaves in its session beyond settings (table and named locks, advisory locks, prepared
 * statements, cursors, temporary tables, {@code LISTEN}) is removed before the connection returns
 * to the application's pool, and what the application held before stays. A HikariCP pool of one
 * connection is shared by the application and migrate, so the application's next borrower gets the
 * connection migrate used.
 */
class LeftoverSessionStateTest {

    @TempDir
    Path temp;

    @Test
    void mariaDbLockTablesInAFailingMigrationIsReleasedSoTheFailureIsMarkedAndTheNextBorrowerIsClean()
            throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_items.sql", "create table items (id int);", "drop table items;")
                .add("2_named.sql", "-- +migrate Up\nselect get_lock('a_migrations_own_lock', 0);\n")
                // mysqldump output whose second insert fails while the table is locked
                .add(
                        "3_dump.sql",
                        "-- +migrate Up\nLOCK TABLES `items` WRITE;\nINSERT INTO `items` VALUES (1);\n"
                                + "INSERT INTO `no_such_table` VALUES (2);\nUNLOCK TABLES;\n");
        try (TestDatabase db = TestDatabase.mariadb("leftovers");
                HikariDataSource pool = db.pool(1)) {
            List<String> session;
            try (Connection app = pool.getConnection()) {
                session = strings(app, "select connection_id()");
            }
            Migrator migrator =
                    Migrator.builder(pool).locations(folder.location()).build();

            assertThatThrownBy(migrator::up)
                    .isInstanceOfSatisfying(
                            MigrationExecutionException.class,
                            e -> assertThat(e.outcome()).isEqualTo(MigrationExecutionException.Outcome.MARKED_FAILED));

            try (Connection app = pool.getConnection()) {
                assertThat(strings(app, "select connection_id()"))
                        .as("the same session, cleaned rather than aborted")
                        .isEqualTo(session);
                // another table than the locked one: fails while LOCK TABLES holds
                assertThat(strings(app, "select id from gorp_migrations order by id"))
                        .containsExactly("1_items.sql", "2_named.sql");
                assertThat(strings(app, "select state from gorp_migrations_migrate where id = '3_dump.sql'"))
                        .containsExactly("failed");
                assertThat(strings(app, "select coalesce(is_used_lock('a_migrations_own_lock'), 0)"))
                        .containsExactly("0");
            }
            assertThat(migrator.status().failed()).extracting(MigrationInfo::id).containsExactly("3_dump.sql");
        }
    }

    @Test
    void postgresLeftoversOfAMigrationAreRemovedAndTheApplicationsOwnStay() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add(
                        "1_leftovers.sql",
                        "-- +migrate Up notransaction\nselect pg_advisory_lock(424242);\n"
                                + "select pg_advisory_lock(424242);\nselect pg_advisory_lock_shared(7, 8);\n"
                                + "prepare migration_statement as select 2;\n"
                                + "declare migration_cursor cursor with hold for select 1;\n"
                                + "create temp table migration_temp (id serial);\n"
                                + "create temp view migration_view as select 1 as one;\n"
                                + "listen migration_channel;\n")
                .add("2_more.sql", "-- +migrate Up\ncreate table more (id int);\n");
        try (TestDatabase db = TestDatabase.postgres("leftovers");
                HikariDataSource pool = db.pool(1)) {
            List<String> session;
            try (Connection app = pool.getConnection()) {
                session = strings(app, "select pg_backend_pid()");
                execute(app, "create temp table app_temp (id int)");
                execute(app, "listen app_channel");
                execute(app, "prepare app_statement as select 1");
                execute(app, "select pg_advisory_lock(11)");
            }

            MigrateResult result =
                    Migrator.builder(pool).locations(folder.location()).build().up();

            assertThat(result.executed()).hasSize(2);
            try (Connection app = pool.getConnection()) {
                assertThat(strings(app, "select pg_backend_pid()"))
                        .as("the same session, cleaned rather than aborted")
                        .isEqualTo(session);
                assertThat(strings(
                                app,
                                "select objid::text || ':' || objsubid from pg_locks where locktype = 'advisory'"
                                        + " and pid = pg_backend_pid()"))
                        .containsExactly("11:1");
                assertThat(strings(app, "select name from pg_prepared_statements where from_sql"))
                        .containsExactly("app_statement");
                assertThat(strings(app, "select name from pg_cursors where is_holdable"))
                        .isEmpty();
                assertThat(strings(
                                app,
                                "select relname from pg_class where relnamespace = pg_my_temp_schema()"
                                        + " and relkind in ('r', 'v', 'S')"))
                        .containsExactly("app_temp");
                assertThat(strings(app, "select pg_listening_channels()")).containsExactly("app_channel");
            }
        }
    }
}
