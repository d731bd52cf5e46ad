package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationExecutionException;
import dev.migrate.Migrator;
import dev.migrate.report.CommandJson;
import dev.migrate.testing.InterceptingDataSource;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** How failed runs show in the run state, the health indicator and the endpoint, on PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
class MigrateFailedRunPostgresTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private TestDatabase database;

    @TempDir
    Path dir;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("starterfailed");
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ApplicationContextRunner runner(DataSource dataSource) {
        // runner mode migrates when the test says: the tests look at the context after a failed run
        return TestSupport.startedByTheTest(new ApplicationContextRunner())
                .withConfiguration(AutoConfigurations.of(MigrateAutoConfiguration.class))
                .withBean(DataSource.class, () -> dataSource)
                .withPropertyValues(
                        "migrate.locations=filesystem:" + dir, "management.endpoints.web.exposure.include=migrate");
    }

    @Test
    void anErrorDuringTheStartUpMigrationFailsTheRunAndHealthIsDown() {
        TestSupport.migration(
                dir,
                "1_err.sql",
                "-- +migrate Up\ncreate table err_t (id int);\nselect 'the driver runs out of memory here';\n"
                        + "-- +migrate Down\ndrop table err_t;\n");
        DataSource outOfMemory = new InterceptingDataSource(database.dataSource(), (connection, sql) -> {
            if (sql.contains("runs out of memory here")) {
                throw new OutOfMemoryError("simulated: no heap for the result");
            }
        });
        runner(outOfMemory).run(context -> {
            assertThatThrownBy(() -> runMigrateRunner(context)).isInstanceOf(OutOfMemoryError.class);

            assertThat(context.getBean(MigrateExecutions.class)
                            .byName()
                            .get("migrator")
                            .state())
                    .isEqualTo(MigrateExecution.State.FAILED);
            Health health = context.getBean(MigrateHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("run", "failed");
            assertThat(health.getDetails().get("error").toString()).contains("OutOfMemoryError");
        });
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject(
                                "select count(*) from information_schema.tables where table_name = 'err_t'",
                                Long.class))
                .isZero();
    }

    @Test
    void anInterruptedMigrationShowsInTheEndpointAndHealthAndTheNextStartRefusesIt() throws Exception {
        // The migration's session ends under it, as a killed holder's does: the running mark before
        // line 3 stays, and marking the failure cannot be written on the dead connection.
        TestSupport.migration(
                dir,
                "1_t.sql",
                "-- +migrate Up notransaction\ncreate table interrupted_t (id int);\n"
                        + "select pg_terminate_backend(pg_backend_pid());\n-- +migrate Down\ndrop table interrupted_t;\n");
        runner(database.dataSource()).run(context -> {
            assertThatThrownBy(() -> runMigrateRunner(context)).isInstanceOf(MigrateStartupException.class);

            var tree = json.readTree(json.writeValueAsString(
                    context.getBean(MigrateEndpoint.class).migrations()));
            assertThat(tree.at("/migrators/migrator/interrupted/0/id").asString())
                    .isEqualTo("1_t.sql");
            assertThat(tree.at("/migrators/migrator/interrupted/0/statement").asString())
                    .isEqualTo("interrupted at line 3: select pg_terminate_backend(pg_backend_pid());");
            assertThat(tree.at("/migrators/migrator/interrupted/0/by").asString())
                    .contains("/");
            assertThat(tree.at("/migrators/migrator/pending").size()).isZero();
            Health health = context.getBean(MigrateHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("interrupted", List.of("1_t.sql"));
            // Exit mode's JSON status (migrate.output=json) counts it too.
            assertThat(CommandJson.status(context.getBean(Migrator.class).status()))
                    .containsEntry("interrupted", 1)
                    .containsEntry("failed", 0);
        });
        runner(database.dataSource())
                .run(context -> assertThatThrownBy(() -> runMigrateRunner(context))
                        .isInstanceOf(MigrateStartupException.class)
                        .hasMessageContaining("migration 1_t.sql was interrupted")
                        .hasMessageContaining("line 3: select pg_terminate_backend(pg_backend_pid());"));
    }

    @Test
    void aFailedNoTransactionDownShowsAsFailedInTheEndpointAndHealth() throws Exception {
        TestSupport.migration(
                dir,
                "1_t.sql",
                "-- +migrate Up\ncreate table down_t (id int);\n"
                        + "-- +migrate Down notransaction\ndrop table no_such_table_d;\n");
        runner(database.dataSource()).run(context -> {
            runMigrateRunner(context);
            assertThatThrownBy(() -> context.getBean(Migrator.class).down())
                    .isInstanceOf(MigrationExecutionException.class);

            var tree = json.readTree(json.writeValueAsString(
                    context.getBean(MigrateEndpoint.class).migrations()));
            assertThat(tree.at("/migrators/migrator/applied").size()).isZero();
            assertThat(tree.at("/migrators/migrator/failed/0/id").asString()).isEqualTo("1_t.sql");
            assertThat(tree.at("/migrators/migrator/failed/0/failure").asString())
                    .contains("Down failed at line 4");
            Health health = context.getBean(MigrateHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsEntry("failed", List.of("1_t.sql"));
        });
    }

    @Test
    void aFailedStatementsPasswordAppearsNowhere(CapturedOutput output) {
        String secret =
                "hunter2-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        // role names starting with pg_ are reserved: the statement fails and creates nothing
        TestSupport.migration(
                dir,
                "1_role.sql",
                "-- +migrate Up notransaction\ncreate role pg_migrate_reserved password '" + secret + "';\n"
                        + "-- +migrate Down\nselect 1;\n");
        runner(database.dataSource()).run(context -> {
            assertThatThrownBy(() -> runMigrateRunner(context))
                    .isInstanceOf(MigrateStartupException.class)
                    .hasMessageContaining("password '***'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));

            String health = json.writeValueAsString(
                    context.getBean(MigrateHealthIndicator.class).health());
            String endpoint = json.writeValueAsString(
                    context.getBean(MigrateEndpoint.class).migrations());
            assertThat(health).contains("1_role.sql").doesNotContain(secret);
            assertThat(endpoint).contains("1_role.sql").doesNotContain(secret);
        });
        assertThat(output.getAll()).contains("1_role.sql").doesNotContain(secret);
    }

    @Test
    void aPasswordInADollarQuotedBodyAppearsNowhere(CapturedOutput output) {
        String secret =
                "hunter2-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        // PostgreSQL quotes the failing inner statement (role names starting with pg_ are reserved)
        TestSupport.migration(
                dir,
                "1_role.sql",
                "-- +migrate Up notransaction\n-- +migrate StatementBegin\ndo $$\nbegin\n"
                        + "  create role pg_migrate_reserved login password '" + secret + "';\nend\n$$;\n"
                        + "-- +migrate StatementEnd\n-- +migrate Down\nselect 1;\n");
        runner(database.dataSource()).run(context -> {
            assertThatThrownBy(() -> runMigrateRunner(context))
                    .isInstanceOf(MigrateStartupException.class)
                    .hasMessageContaining("password '***'")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));

            String health = json.writeValueAsString(
                    context.getBean(MigrateHealthIndicator.class).health());
            String endpoint = json.writeValueAsString(
                    context.getBean(MigrateEndpoint.class).migrations());
            assertThat(health).contains("1_role.sql").doesNotContain(secret);
            assertThat(endpoint).contains("1_role.sql").doesNotContain(secret);
        });
        assertThat(output.getAll()).contains("1_role.sql").doesNotContain(secret);
    }
}
