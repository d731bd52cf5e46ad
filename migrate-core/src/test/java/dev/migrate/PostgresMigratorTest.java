package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.TestDatabase;
import org.junit.jupiter.api.Test;

/** The Migrator contract on PostgreSQL, and what only PostgreSQL has. */
class PostgresMigratorTest extends MigratorContract {

    PostgresMigratorTest() {
        super(TestDatabase.postgres("migrator"));
    }

    @Test
    void historyTableLivesInAConfiguredSchemaCreatedIfMissing() throws Exception {
        folder.add("1_a.sql", "create table audit_items (id int);", "drop table audit_items;");

        MigrateResult result =
                migrator().schema("audit").table("gorp_migrations").build().up();

        assertThat(result.count()).isEqualTo(1);
        assertThat(count("select count(*) from audit.gorp_migrations")).isEqualTo(1);
        assertThat(count("select count(*) from audit.gorp_migrations_migrate")).isEqualTo(1);
        assertThat(count("select count(*) from public.audit_items")).isZero();
    }

    @Test
    void dollarQuotedBodiesAndQuestionMarksPassUntouched() throws Exception {
        folder.add(
                "1_fn.sql",
                "-- +migrate Up\n-- +migrate StatementBegin\ncreate function q_marks() returns text as $$\n"
                        + "begin\n  return 'a ? b; c';\nend;\n$$ language plpgsql;\n-- +migrate StatementEnd\n"
                        + "-- +migrate Down\ndrop function q_marks;\n");

        migrator().build().up();

        assertThat(count("select count(*) from (select q_marks() as v) x where v = 'a ? b; c'"))
                .isEqualTo(1);
    }

    @Test
    void aFailingDdlStatementInsideABatchNamesItsLineAndTheWholeMigrationRollsBack() throws Exception {
        folder.add(
                "1_ddl.sql",
                "-- +migrate Up\ncreate table ddl_a (id int);\ncreate index ddl_a_id on ddl_a (id);\n"
                        + "insert into ddl_a values (1);\nalter table ddl_a add column id int;\n"
                        + "create table ddl_b (id int);\n-- +migrate Down\ndrop table ddl_a;\n");

        assertThatThrownBy(() -> migrator().build().up())
                .isInstanceOfSatisfying(MigrationExecutionException.class, e -> {
                    assertThat(e.line()).isEqualTo(5);
                    assertThat(e.databaseMessage()).contains("already exists");
                });
        assertThat(count("select count(*) from information_schema.tables where table_name in ('ddl_a', 'ddl_b')"))
                .isZero();
    }
}
