package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@link Migrator#plan()} and its kin on PostgreSQL, sql-migrate's {@code -dryrun}: the statements
 * a run would send and whether in a transaction, with nothing changed: no history table, no lock.
 */
class DryRunTest {

    private TestDatabase db;
    private MigrationFolder folder;

    @TempDir
    Path temp;

    @BeforeEach
    void createDatabase() {
        db = TestDatabase.postgres("dryrun");
        folder = new MigrationFolder(temp).add("1_accounts.sql", """
                        -- +migrate Up
                        create table accounts (id int primary key, password text);
                        insert into accounts (id, password) values (1, 'hunter22-secret');

                        -- +migrate Down
                        drop table accounts;
                        """).add("2_accounts_index.sql", """
                        -- +migrate Up notransaction
                        create index concurrently accounts_id on accounts (id);

                        -- +migrate Down
                        drop index accounts_id;
                        """);
    }

    @AfterEach
    void dropDatabase() {
        db.close();
    }

    private Migrator migrator() {
        return Migrator.builder(db.dataSource()).locations(folder.location()).build();
    }

    @Test
    void aPlanShowsEachPendingMigrationsStatementsAndTransactionAndChangesNothing() throws Exception {
        MigrationPlan plan = migrator().plan();

        assertThat(plan.steps())
                .extracting(MigrationPlan.Step::id)
                .containsExactly("1_accounts.sql", "2_accounts_index.sql");
        MigrationPlan.Step accounts = plan.steps().get(0);
        assertThat(accounts.direction()).isEqualTo(Direction.UP);
        assertThat(accounts.transactional()).isTrue();
        assertThat(accounts.statements())
                .extracting(MigrationPlan.Statement::line)
                .containsExactly(2, 3);
        assertThat(accounts.statements().get(0).sql()).contains("create table accounts");
        assertThat(accounts.statements().get(1).sql())
                .contains("insert into accounts (id, password) values (1, '***')")
                .doesNotContain("hunter22");
        assertThat(plan.steps().get(1).transactional()).isFalse();
        assertThat(plan.steps().get(1).statements().get(0).sql()).contains("create index concurrently");

        assertThat(tables()).doesNotContain("gorp_migrations", "gorp_migrations_migrate", "accounts");
    }

    @Test
    void aPlanTakesNoLockSoItAnswersWhileAnotherProcessHoldsIt() throws Exception {
        Migrator migrator = migrator();
        String key = migrator.lockInfo().key();
        try (Connection holder = db.connect();
                Statement statement = holder.createStatement()) {
            statement.execute("select pg_advisory_lock(" + key + ")");
            // up() would wait for the holder here; the plan only reads
            assertThat(migrator.plan().steps()).hasSize(2);
            try (ResultSet locks = statement.executeQuery(
                    "select count(*) from pg_locks where locktype = 'advisory' and pid <> pg_backend_pid()")) {
                locks.next();
                assertThat(locks.getInt(1)).isZero();
            }
        }
    }

    @Test
    void limitTargetDownAndRedoArePlannedAsTheRunsWouldDoThem() {
        Migrator migrator = migrator();
        assertThat(migrator.plan(1).steps()).extracting(MigrationPlan.Step::id).containsExactly("1_accounts.sql");
        assertThat(migrator.planTo("1_accounts.sql").steps()).hasSize(1);
        migrator.up();
        assertThat(migrator.plan().isEmpty()).isTrue();

        MigrationPlan down = migrator.planDown(1);
        assertThat(down.steps()).extracting(MigrationPlan.Step::id).containsExactly("2_accounts_index.sql");
        assertThat(down.steps().get(0).direction()).isEqualTo(Direction.DOWN);
        assertThat(down.steps().get(0).transactional()).isTrue();
        assertThat(down.steps().get(0).statements().get(0).sql()).contains("drop index accounts_id");
        assertThat(migrator.planDownTo("1_accounts.sql").steps()).hasSize(1);
        assertThat(migrator.planDown(0).steps())
                .extracting(MigrationPlan.Step::id)
                .containsExactly("2_accounts_index.sql", "1_accounts.sql");

        MigrationPlan redo = migrator.planRedo();
        assertThat(redo.steps())
                .extracting(step -> step.id() + " " + step.direction())
                .containsExactly("2_accounts_index.sql DOWN", "2_accounts_index.sql UP");
        assertThat(migrator.status().applied()).hasSize(2);
    }

    @Test
    void aPlanFailsAsUpWouldOnAnEditedFile() {
        Migrator migrator = migrator();
        migrator.up(1);
        folder.add("1_accounts.sql", "-- +migrate Up\ncreate table accounts (id bigint primary key);\n");
        assertThatThrownBy(() -> migrator().plan()).isInstanceOf(MigrationPlanException.class);
    }

    private List<String> tables() {
        return new JdbcTemplate(db.dataSource())
                .queryForList(
                        "select table_name from information_schema.tables where table_schema = current_schema()",
                        String.class);
    }
}
