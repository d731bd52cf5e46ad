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

/** A migration role with the least it needs on PostgreSQL: it owns its schema, nothing more. */
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
                    "create schema " + schema + " authorization " + role.name());
            MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                    .add("1_orders.sql", "create table " + schema + ".orders (id int);", "drop table orders;");
            try (Connection connection = db.connect()) {
                assertThat(strings(
                                connection,
                                "select has_database_privilege('" + role.name() + "', current_database(), 'CREATE')"
                                        + "::text"))
                        .containsExactly("false");
            }

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
}
