package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import dev.migrate.testing.TestRole;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A migration role with the least it needs on PostgreSQL: it owns its schema, nothing more; or it
 * may only write tables an administrator created for it, the history tables included. CREATE on
 * {@code public} is revoked explicitly in both: PostgreSQL 15 no longer grants it to everyone, but
 * 14 (the embedded fallback) does, and the role must have the same least privilege on both.
 */
class LeastPrivilegeTest {

    @TempDir
    Path temp;

    @Test
    void aRoleThatOwnsItsSchemaButCannotCreateSchemasMigratesIntoIt() throws Exception {
        try (TestRole role = TestRole.postgres("leastprivilege");
                TestDatabase db = TestDatabase.postgres("leastprivilege")) {
            String schema = "app_" + role.name().substring(role.name().length() - 8);
            TestRole.asAdministrator(
                    db,
                    "revoke create on database " + db.name() + " from public",
                    // PostgreSQL 15 grants no CREATE on public to everyone; 14 (the embedded
                    // fallback) does: without this the role could create tables there on 14.
                    "revoke create on schema public from public",
                    "create schema " + schema + " authorization " + role.name());
            MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                    .add("1_orders.sql", "create table " + schema + ".orders (id int);", "drop table orders;");
            try (Connection connection = db.connect()) {
                assertThat(strings(
                                connection,
                                "select has_database_privilege('" + role.name() + "', current_database(), 'CREATE')"
                                        + "::text"))
                        .containsExactly("false");
                assertThat(strings(
                                connection,
                                "select has_schema_privilege('" + role.name() + "', 'public', 'CREATE')::text"))
                        .as("CREATE on public, which PostgreSQL 14 grants everyone and 15 does not")
                        .containsExactly("false");
            }

            assertLogsInAs(role, db);
            MigrateResult result = Migrator.builder(role.dataSource(db))
                    .locations(folder.location())
                    .schema(schema)
                    .build()
                    .up();

            assertThat(result.count()).isEqualTo(1);
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select id from " + schema + ".gorp_migrations"))
                        .containsExactly("1_orders.sql");
                assertThat(strings(
                                connection,
                                "select tableowner from pg_tables where schemaname = '" + schema
                                        + "' and tablename = 'orders'"))
                        .containsExactly(role.name());
            }
        }
    }

    @Test
    void aRoleWithWriteGrantsOnPreCreatedHistoryTablesButNoCreateOnTheSchemaMigrates() throws Exception {
        try (TestRole role = TestRole.postgres("nocreate");
                TestDatabase db = TestDatabase.postgres("nocreate")) {
            TestRole.asAdministrator(
                    db,
                    "revoke create on schema public from public",
                    "create table public.gorp_migrations (\"id\" text not null primary key,"
                            + " \"applied_at\" timestamp with time zone)",
                    "create table public.gorp_migrations_migrate (\"id\" text not null primary key,"
                            + " \"checksum\" varchar(64), \"execution_ms\" bigint, \"applied_by\" text,"
                            + " \"state\" varchar(16) not null, \"failed_line\" integer, \"message\" text,"
                            + " \"updated_at\" timestamp with time zone not null)",
                    "create table public.settings (name text primary key, value text)",
                    "grant select, insert, update, delete on public.gorp_migrations, public.gorp_migrations_migrate,"
                            + " public.settings to " + role.name());
            try (Connection connection = db.connect()) {
                assertThat(strings(
                                connection,
                                "select has_schema_privilege('" + role.name() + "', 'public', 'CREATE')::text"))
                        .containsExactly("false");
            }
            MigrationFolder folder = new MigrationFolder(temp.resolve("grants-only"))
                    .add("1_settings.sql", "insert into settings values ('mode', 'on');", "delete from settings;");
            assertLogsInAs(role, db);
            Migrator migrator = Migrator.builder(role.dataSource(db))
                    .locations(folder.location())
                    .build();

            assertThat(migrator.up().count()).isEqualTo(1);
            assertThat(migrator.repair().clearedFailures()).isEmpty();
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select id from public.gorp_migrations"))
                        .containsExactly("1_settings.sql");
                assertThat(strings(connection, "select state from public.gorp_migrations_migrate"))
                        .containsExactly("applied");
                assertThat(strings(connection, "select value from public.settings"))
                        .containsExactly("on");
            }
        }
    }

    /** The role's DataSource logs in as the role (not as the server's superuser the URL may name). */
    private static void assertLogsInAs(TestRole role, TestDatabase db) throws Exception {
        try (Connection connection = role.dataSource(db).getConnection()) {
            assertThat(strings(connection, "select current_user::text")).containsExactly(role.name());
        }
    }
}
