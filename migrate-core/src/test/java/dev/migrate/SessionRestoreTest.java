package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The run's connection goes back to the application's pool as it came: a HikariCP pool of one
 * connection is shared by the application and migrate, so the application's next connection is
 * the one migrate used, and it must look exactly as before the run (settings, role, prepared
 * statements), whatever the run and its migrations set.
 */
class SessionRestoreTest {

    @TempDir
    Path temp;

    @Test
    void postgresConnectionGoesBackToThePoolAsItCame() throws Exception {
        String owner = uniqueName("mt_owner_");
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add(
                        "1_owned.sql",
                        "-- +migrate Up\nset session_replication_role = replica;\nset role " + owner + ";\n"
                                + "create table owned (id int);\nset work_mem = '7MB';\n"
                                + "reset statement_timeout;\nset myapp.tenant = 'migrations';\n"
                                + "set session characteristics as transaction isolation level serializable;\n")
                .add(
                        "2_settings.sql",
                        "-- +migrate Up notransaction\nset search_path = public, pg_temp;\n"
                                + "set lock_timeout = '3s';\nselect set_config('application_name', 'mine', false);\n")
                .add("3_more.sql", "-- +migrate Up\ncreate table more (id int);\n");
        try (TestDatabase db = TestDatabase.postgres("sessionrestore")) {
            createRole(db, owner);
            try (HikariDataSource pool = db.pool(db.url() + "?prepareThreshold=1", 1)) {
                Map<String, String> before;
                Map<String, String> preparedBefore;
                try (Connection app = pool.getConnection()) {
                    execute(app, "set statement_timeout = '17s'"); // the application's own session setting
                    assertThat(prepared(app)).isEqualTo(42);
                    assertThat(prepared(app)).isEqualTo(42);
                    before = SessionSnapshot.postgres(app);
                    preparedBefore = SessionSnapshot.preparedStatements(app);
                }
                assertThat(before).containsEntry("statement_timeout", "17000 (session)");
                assertThat(preparedBefore).containsValue("select $1::int + 1");

                MigrateResult result = Migrator.builder(pool)
                        .locations(folder.location())
                        .build()
                        .up();
                assertThat(result.executed()).hasSize(3);

                try (Connection app = pool.getConnection()) {
                    assertThat(SessionSnapshot.postgres(app)).isEqualTo(before);
                    // The statement the driver keeps in its cache is still prepared under its name.
                    // Only that one: the driver itself deallocates statements it no longer holds (the
                    // closed ones, once garbage-collected), whenever that happens to be.
                    Map<String, String> cached = new HashMap<>(preparedBefore);
                    cached.values().removeIf(sql -> !sql.equals("select $1::int + 1"));
                    assertThat(cached).hasSize(1);
                    assertThat(SessionSnapshot.preparedStatements(app)).containsAllEntriesOf(cached);
                    assertThat(prepared(app))
                            .as("the driver's server-prepared statement")
                            .isEqualTo(42);
                    assertThat(strings(app, "select tableowner from pg_tables where tablename in ('owned', 'more')"))
                            .as("the migrations ran as the role they set")
                            .containsExactly(owner, owner);
                    assertThat(strings(app, "select id from gorp_migrations"))
                            .containsExactly("1_owned.sql", "2_settings.sql", "3_more.sql");
                }
            } finally {
                dropRole(db, owner);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = LockType.class,
            names = {"POSTGRES_ADVISORY", "TABLE_LEASE"})
    void aMigrationThatSwitchesRoleIsRecordedByTheMigratingUser(LockType lockType) throws Exception {
        String owner = uniqueName("mt_owner_");
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_role.sql", "-- +migrate Up\nset role " + owner + ";\ncreate table a (id int);\n")
                .add("2_still.sql", "-- +migrate Up\ncreate table b (id int);\n")
                .add("3_notx.sql", "-- +migrate Up notransaction\ncreate table c (id int);\n")
                .add("4_fails.sql", "-- +migrate Up notransaction\ncreate table d (id int);\nselect 1/0;\n");
        try (TestDatabase db = TestDatabase.postgres("sessionrole")) {
            createRole(db, owner);
            try {
                Migrator migrator = Migrator.builder(db.dataSource())
                        .locations(folder.location())
                        .lockType(lockType)
                        .build();
                org.assertj.core.api.Assertions.assertThatThrownBy(migrator::up)
                        .isInstanceOf(MigrationExecutionException.class)
                        .hasMessageContaining("4_fails.sql")
                        .hasMessageContaining("division by zero");
                try (Connection connection = db.connect()) {
                    assertThat(strings(connection, "select id from gorp_migrations"))
                            .containsExactly("1_role.sql", "2_still.sql", "3_notx.sql");
                    assertThat(strings(
                                    connection,
                                    "select tablename || ':' || tableowner from pg_tables where tablename in"
                                            + " ('a', 'b', 'c', 'd')"))
                            .containsExactly("a:" + owner, "b:" + owner, "c:" + owner, "d:" + owner);
                }
                assertThat(migrator.status().migrations())
                        .filteredOn(m -> m.id().equals("4_fails.sql"))
                        .extracting(MigrationInfo::state)
                        .containsExactly(MigrationState.FAILED);
            } finally {
                dropRole(db, owner);
            }
        }
    }

    @Test
    void mariaDbConnectionGoesBackToThePoolAsItCame() throws Exception {
        String role = uniqueName("mt_role_");
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add(
                        "1_settings.sql",
                        "-- +migrate Up\nset role " + role + ";\nset session sql_mode = 'ANSI';\n"
                                + "set session wait_timeout = 77;\nset session foreign_key_checks = 0;\n"
                                + "set session transaction isolation level serializable;\n"
                                + "set session character_set_results = null;\ncreate table t1 (id int);\n")
                .add("2_more.sql", "-- +migrate Up\nset session lock_wait_timeout = 5;\ncreate table t2 (id int);\n");
        try (TestDatabase db = TestDatabase.mariadb("sessionrestore")) {
            try (Connection admin = db.connect()) {
                execute(admin, "create role " + role);
            }
            try (HikariDataSource pool = db.pool(1)) {
                Map<String, String> before;
                try (Connection app = pool.getConnection()) {
                    execute(app, "set session net_read_timeout = 45"); // the application's own setting
                    before = SessionSnapshot.mariadb(app);
                }
                assertThat(before).containsEntry("net_read_timeout", "45");

                MigrateResult result = Migrator.builder(pool)
                        .locations(folder.location())
                        .build()
                        .up();
                assertThat(result.executed()).hasSize(2);

                try (Connection app = pool.getConnection()) {
                    assertThat(SessionSnapshot.mariadb(app)).isEqualTo(before);
                    assertThat(strings(app, "select id from gorp_migrations"))
                            .containsExactly("1_settings.sql", "2_more.sql");
                }
            } finally {
                try (Connection admin = db.connect()) {
                    execute(admin, "drop role if exists " + role);
                }
            }
        }
    }

    /** A cluster-wide role: unique, so that parallel runs of this suite do not meet. */
    static String uniqueName(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static void createRole(TestDatabase db, String role) throws SQLException {
        try (Connection connection = db.connect()) {
            execute(connection, "create role " + role + " nologin");
            execute(connection, "grant create, usage on schema public to " + role);
        }
    }

    static void dropRole(TestDatabase db, String role) throws SQLException {
        try (Connection connection = db.connect()) {
            execute(connection, "drop owned by " + role);
            execute(connection, "drop role " + role);
        }
    }

    /** The same SQL each time, so that pgjdbc prepares it on the server (prepareThreshold=1). */
    static int prepared(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select ?::int + 1")) {
            statement.setInt(1, 41);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
