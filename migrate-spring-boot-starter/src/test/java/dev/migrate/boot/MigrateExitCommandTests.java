package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/** {@code migrate.command} in exit mode, with its exit codes, on a real PostgreSQL. */
@ExtendWith(OutputCaptureExtension.class)
class MigrateExitCommandTests {

    private TestDatabase database;

    @TempDir
    Path dir;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("exitcmd");
        TestSupport.migration(dir, "1_create.sql", """
                -- +migrate Up
                create table items (id int primary key);
                -- +migrate Down
                drop table items;
                """);
        TestSupport.migration(dir, "2_seed.sql", """
                -- +migrate Up
                insert into items values (1);
                -- +migrate Down
                delete from items;
                """);
        TestSupport.migration(dir, "3_more.sql", """
                -- +migrate Up
                insert into items values (2);
                -- +migrate Down
                delete from items where id = 2;
                """);
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    /** Exit mode on the test database and the folder. */
    private ApplicationContextRunner exitMode() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        TestSupport.dataSourceAutoConfiguration(), MigrateAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + database.url(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "migrate.locations=filesystem:" + dir,
                        "migrate.mode=exit");
    }

    /** Runs exit mode with the given properties and returns the exit code it ends with. */
    private int exit(String... properties) {
        List<Integer> codes = new ArrayList<>();
        exitMode()
                .withPropertyValues(properties)
                .withBean(ProcessExit.class, () -> codes::add)
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(codes).hasSize(1);
        return codes.get(0);
    }

    private List<String> applied() {
        return new JdbcTemplate(database.dataSource())
                .queryForList("select id from gorp_migrations order by id", String.class);
    }

    @Test
    void theCommandRunsBeforeTheApplicationsBeansWithTheBeansItNeeds() {
        List<String> events = new ArrayList<>();
        exitMode()
                // registered before the auto-configurations: the context would create it first
                .withBean("serviceBean", StringBuilder.class, () -> {
                    events.add("service bean created");
                    return new StringBuilder();
                })
                .withBean(MigratorCustomizer.class, () -> {
                    events.add("customizer created");
                    return builder -> builder.table("exit_history");
                })
                .withBean(ProcessExit.class, () -> code -> events.add("exit " + code))
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(events).containsExactly("customizer created", "exit 0", "service bean created");
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject("select count(*) from exit_history", Long.class))
                .as("the customizer's table: the command ran with the customizer bean")
                .isEqualTo(3);
    }

    @Test
    void upToATargetThenDownToATargetThenRedo() {
        assertThat(exit("migrate.command=up", "migrate.target=2_seed.sql")).isZero();
        assertThat(applied()).containsExactly("1_create.sql", "2_seed.sql");
        assertThat(exit()).isZero();
        assertThat(applied()).containsExactly("1_create.sql", "2_seed.sql", "3_more.sql");
        assertThat(exit("migrate.command=down")).isZero();
        assertThat(applied()).containsExactly("1_create.sql", "2_seed.sql");
        assertThat(exit("migrate.command=down", "migrate.target=1_create.sql")).isZero();
        assertThat(applied()).containsExactly("1_create.sql");
        assertThat(exit("migrate.command=redo")).isZero();
        assertThat(applied()).containsExactly("1_create.sql");
    }

    @Test
    void statusPrintsATableAndExitsZero(CapturedOutput output) {
        assertThat(exit("migrate.target=1_create.sql")).isZero();
        assertThat(exit("migrate.command=status")).isZero();
        assertThat(output.getOut())
                .containsPattern("\\| MIGRATION +\\| APPLIED +\\| TOOK +\\| STATE +\\|")
                .containsPattern(
                        "\\| 1_create.sql +\\| \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\| \\d+ ms +\\| applied +\\|")
                .containsPattern("\\| 2_seed.sql +\\| no +\\| +\\| pending +\\|")
                .contains("1 applied, 2 pending, 0 failed, 0 unknown, 0 future. Lock postgres-advisory ");
        assertThat(applied()).containsExactly("1_create.sql");
    }

    @Test
    void validateExitsTwoOnAnEditedFileOrAnUnknownIdAndZeroWhenAllIsWell(CapturedOutput output) {
        assertThat(exit()).isZero();
        assertThat(exit("migrate.command=validate")).isZero();
        assertThat(output.getOut()).contains("migrate: valid");

        TestSupport.migration(dir, "1_create.sql", """
                -- +migrate Up
                create table items (id bigint primary key);
                -- +migrate Down
                drop table items;
                """);
        dir.resolve("2_seed.sql").toFile().delete();
        assertThat(exit("migrate.command=validate")).isEqualTo(2);
        assertThat(output.getOut())
                .contains("edited:  1_create.sql changed after it was applied")
                .contains("unknown: 2_seed.sql is applied but not among the migrations");
        assertThat(output.getErr()).contains("migrate: validate found 2 problem(s); exit code 2");

        assertThat(exit("migrate.command=repair", "migrate.ignore-unknown=true"))
                .isZero();
        assertThat(exit("migrate.command=validate", "migrate.ignore-unknown=true"))
                .isZero();
    }

    @Test
    void aFailureSaysWhatToDoNamingTheMigrateProperty(CapturedOutput output) {
        assertThat(exit()).isZero();
        TestSupport.migration(dir, "1_create.sql", """
                -- +migrate Up
                create table items (id bigint primary key);
                -- +migrate Down
                drop table items;
                """);

        assertThat(exit()).isEqualTo(1);
        assertThat(output.getErr())
                .contains("1_create.sql was edited after it was applied")
                .contains("migrate.validate-checksums=false");
    }

    @Test
    void aRenamedAppliedFileFailsUpUntilRepairRecordsTheNewName(CapturedOutput output) throws Exception {
        assertThat(exit()).isZero();
        java.nio.file.Files.move(dir.resolve("2_seed.sql"), dir.resolve("2_seed-fixed.sql"));

        assertThat(exit()).isNotZero();
        assertThat(exit("migrate.command=repair")).isZero();
        assertThat(output.getOut()).contains("recorded renamed files {2_seed.sql=2_seed-fixed.sql}");
        assertThat(exit()).isZero();

        assertThat(applied()).containsExactly("1_create.sql", "2_seed-fixed.sql", "3_more.sql");
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForList("select id from items order by id", Integer.class))
                .containsExactly(1, 2);
    }

    @Test
    void skipRecordsWithoutRunning() {
        assertThat(exit("migrate.command=skip", "migrate.target=2_seed.sql")).isZero();
        assertThat(applied()).containsExactly("1_create.sql", "2_seed.sql");
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject(
                                "select count(*) from information_schema.tables where table_name = 'items'",
                                Long.class))
                .isZero();
    }

    @Test
    void aFailedCommandExitsOneAndSaysWhy(CapturedOutput output) {
        assertThat(exit("migrate.command=up", "migrate.target=9_missing.sql")).isEqualTo(1);
        assertThat(output.getErr()).contains("9_missing.sql");
        assertThat(exit("migrate.command=status", "migrate.target=1_create.sql"))
                .isEqualTo(1);
        assertThat(output.getErr()).contains("migrate.target does not apply to migrate.command=status");
        assertThat(new JdbcTemplate(database.dataSource())
                        .queryForObject(
                                "select count(*) from information_schema.tables where table_name = 'items'",
                                Long.class))
                .isZero();
    }
}
