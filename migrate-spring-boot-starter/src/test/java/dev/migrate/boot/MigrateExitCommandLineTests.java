package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * sql-migrate's command line from the app image, on a real PostgreSQL: {@code migrate.limit}
 * (-limit), {@code migrate.command=plan} and {@code migrate.dry-run} (-dryrun), {@code
 * migrate.command=new} (new NAME), and {@code migrate.output=json} for scripts.
 */
@ExtendWith(OutputCaptureExtension.class)
class MigrateExitCommandLineTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private TestDatabase database;

    @TempDir
    Path dir;

    @BeforeEach
    void createDatabase() {
        database = TestDatabase.postgres("exitline");
        TestSupport.migration(dir, "1_create.sql", """
                -- +migrate Up
                create table items (id int primary key);
                -- +migrate Down
                drop table items;
                """);
        TestSupport.migration(dir, "2_seed.sql", """
                -- +migrate Up
                insert into items values (1);
                alter table items add column password text default 'not-for-your-eyes';
                -- +migrate Down
                alter table items drop column if exists password;
                delete from items;
                """);
        TestSupport.migration(dir, "3_index.sql", """
                -- +migrate Up notransaction
                create index concurrently items_id on items (id);
                -- +migrate Down
                drop index items_id;
                """);
    }

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    private ApplicationContextRunner exitMode(String... properties) {
        return new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(DataSourceAutoConfiguration.class, MigrateAutoConfiguration.class))
                .withPropertyValues(
                        "spring.datasource.url=" + database.url(),
                        "spring.datasource.username=" + database.user(),
                        "spring.datasource.password=" + database.password(),
                        "migrate.locations=filesystem:" + dir,
                        "migrate.mode=exit")
                .withPropertyValues(properties);
    }

    /** Runs exit mode with the given properties and returns the exit code it ends with. */
    private int exit(String... properties) {
        List<Integer> codes = new ArrayList<>();
        exitMode(properties)
                .withBean(ProcessExit.class, () -> codes::add)
                .run(context -> assertThat(context).hasNotFailed());
        assertThat(codes).hasSize(1);
        return codes.get(0);
    }

    /**
     * What {@code command} prints as JSON on its stdout (the stream exit mode writes to), the exit
     * code first. The context starts in runner mode without starting its lifecycle beans (so it
     * migrates nothing), and the command runs on its beans as exit mode would run it.
     */
    private String json(MigrateProperties.Command command) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<Integer> codes = new ArrayList<>();
        TestSupport.startedByTheTest(exitMode("migrate.mode=runner")).run(context -> {
            MigrateProperties properties = context.getBean(MigrateProperties.class);
            properties.setCommand(command);
            properties.setOutput(MigrateProperties.Output.JSON);
            codes.add(new ExitCommand(
                            properties,
                            context.getBean(MigrateExecutions.class),
                            new PrintStream(out, true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8))
                    .run());
        });
        return codes.get(0) + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    private JsonNode jsonOf(String stdout) {
        return json.readTree(stdout.substring(stdout.indexOf('\n') + 1));
    }

    private List<String> applied() {
        return new JdbcTemplate(database.dataSource())
                .queryForList("select id from gorp_migrations order by id", String.class);
    }

    private long historyTables() {
        return new JdbcTemplate(database.dataSource())
                .queryForObject(
                        "select count(*) from information_schema.tables where table_name like 'gorp_migrations%'",
                        Long.class);
    }

    @Test
    void limitAppliesAtMostThatManyUndoesThatManyAndSkipsThatMany() {
        assertThat(exit("migrate.limit=1")).isZero();
        assertThat(applied()).containsExactly("1_create.sql");
        assertThat(exit("migrate.command=up", "migrate.limit=0")).isZero();
        assertThat(applied()).containsExactly("1_create.sql", "2_seed.sql", "3_index.sql");
        assertThat(exit("migrate.command=down", "migrate.limit=2")).isZero();
        assertThat(applied()).containsExactly("1_create.sql");
        assertThat(exit("migrate.command=skip", "migrate.limit=1")).isZero();
        assertThat(applied()).containsExactly("1_create.sql", "2_seed.sql");
        assertThat(exit("migrate.command=down", "migrate.limit=0")).isZero();
        assertThat(applied()).isEmpty();
    }

    @Test
    void planPrintsEachPendingMigrationsStatementsAndChangesNothing(CapturedOutput output) {
        assertThat(exit("migrate.command=plan")).isZero();
        assertThat(output.getOut())
                .contains("==> would apply 1_create.sql (up, in a transaction, 1 statement)")
                .contains("-- line 2\ncreate table items (id int primary key);")
                .contains("==> would apply 2_seed.sql (up, in a transaction, 2 statements)")
                .contains("alter table items add column password text default '***';")
                .contains("==> would apply 3_index.sql (up, no transaction, 1 statement)")
                .doesNotContain("not-for-your-eyes");
        assertThat(historyTables()).isZero();

        assertThat(exit("migrate.command=plan", "migrate.limit=1")).isZero();
        assertThat(exit("migrate.command=plan", "migrate.target=2_seed.sql")).isZero();
        assertThat(historyTables()).isZero();
    }

    @Test
    void dryRunOfUpDownAndRedoPrintsWhatWouldRunAndChangesNothing(CapturedOutput output) {
        assertThat(exit("migrate.dry-run=true")).isZero();
        assertThat(historyTables()).isZero();
        assertThat(exit()).isZero();
        assertThat(exit("migrate.command=down", "migrate.dry-run=true")).isZero();
        assertThat(output.getOut()).contains("==> would undo 3_index.sql (down, in a transaction, 1 statement)");
        assertThat(exit("migrate.command=redo", "migrate.dry-run=true")).isZero();
        assertThat(output.getOut()).contains("==> would apply 3_index.sql (up, no transaction, 1 statement)");
        assertThat(applied()).containsExactly("1_create.sql", "2_seed.sql", "3_index.sql");
    }

    @Test
    void statusValidateAndPlanPrintOneJsonDocumentEach() {
        String plan = json(MigrateProperties.Command.PLAN);
        assertThat(plan).startsWith("0\n");
        JsonNode planned = jsonOf(plan);
        assertThat(planned.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(planned.path("command").asString()).isEqualTo("plan");
        assertThat(planned.path("dryRun").asBoolean()).isTrue();
        JsonNode steps = planned.at("/migrators/migrator/steps");
        assertThat(steps.size()).isEqualTo(3);
        assertThat(steps.at("/1/id").asString()).isEqualTo("2_seed.sql");
        assertThat(steps.at("/1/direction").asString()).isEqualTo("up");
        assertThat(steps.at("/1/transactional").asBoolean()).isTrue();
        assertThat(steps.at("/1/statements/1/line").asInt()).isEqualTo(3);
        assertThat(steps.at("/1/statements/1/sql").asString())
                .isEqualTo("alter table items add column password text default '***';");
        assertThat(steps.at("/2/transactional").asBoolean()).isFalse();

        assertThat(exit("migrate.target=1_create.sql")).isZero();
        JsonNode status = jsonOf(json(MigrateProperties.Command.STATUS));
        JsonNode migrator = status.at("/migrators/migrator");
        assertThat(migrator.path("applied").asInt()).isEqualTo(1);
        assertThat(migrator.path("pending").asInt()).isEqualTo(2);
        assertThat(migrator.at("/migrations/0/id").asString()).isEqualTo("1_create.sql");
        assertThat(migrator.at("/migrations/0/state").asString()).isEqualTo("applied");
        assertThat(migrator.at("/migrations/0/appliedAt").asString()).isNotBlank();
        assertThat(migrator.at("/migrations/1/state").asString()).isEqualTo("pending");
        assertThat(migrator.at("/migrations/1/appliedAt").isNull()).isTrue();
        assertThat(migrator.at("/lock/type").asString()).isEqualTo("postgres-advisory");
        assertThat(migrator.at("/lock/holder").isNull()).isTrue();

        TestSupport.migration(dir, "1_create.sql", "-- +migrate Up\ncreate table items (id bigint);\n");
        String validate = json(MigrateProperties.Command.VALIDATE);
        assertThat(validate).startsWith("2\n");
        JsonNode validation = jsonOf(validate);
        assertThat(validation.path("exitCode").asInt()).isEqualTo(2);
        assertThat(validation.at("/migrators/migrator/valid").asBoolean()).isFalse();
        assertThat(validation.at("/migrators/migrator/edited/0").asString()).isEqualTo("1_create.sql");
    }

    @Test
    void newWritesATimestampedFileWithTheSkeletonIntoTheFilesystemLocation() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("new"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> codes = new ArrayList<>();
        TestSupport.startedByTheTest(exitMode("migrate.mode=runner", "migrate.locations=filesystem:" + folder))
                .run(context -> {
                    MigrateProperties properties = context.getBean(MigrateProperties.class);
                    properties.setCommand(MigrateProperties.Command.NEW);
                    properties.setNewName("add_users");
                    codes.add(new ExitCommand(
                                    properties,
                                    context.getBean(MigrateExecutions.class),
                                    new PrintStream(out, true, StandardCharsets.UTF_8),
                                    System.err,
                                    Clock.fixed(Instant.parse("2026-12-06T14:05:09Z"), ZoneOffset.UTC))
                            .run());
                });
        assertThat(codes).containsExactly(0);
        Path file = folder.resolve("20261206140509-add_users.sql");
        assertThat(Files.readString(file)).isEqualTo("\n-- +migrate Up\n\n-- +migrate Down\n");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("migrate: created migration " + file);
        assertThat(historyTables()).isZero();
    }

    @Test
    void newWritesIntoTheLocationOfTheOnlyMigratorsEntry(CapturedOutput output) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("orders"));
        assertThat(exit(
                        "migrate.command=new",
                        "migrate.new-name=add_orders",
                        "migrate.locations=classpath:db/migrations",
                        "migrate.migrators.orders.url=" + database.url(),
                        "migrate.migrators.orders.user=" + database.user(),
                        "migrate.migrators.orders.password=" + database.password(),
                        "migrate.migrators.orders.locations=filesystem:" + folder))
                .as(output.getErr())
                .isZero();
        try (var files = Files.list(folder)) {
            assertThat(files.map(file -> file.getFileName().toString()))
                    .singleElement()
                    .asString()
                    .matches("\\d{14}-add_orders\\.sql");
        }
    }

    @Test
    void newRefusesAClasspathOnlyLocationAndAMissingName(CapturedOutput output) {
        assertThat(exit(
                        "migrate.command=new",
                        "migrate.new-name=add_users",
                        "migrate.locations=classpath:db/migrations"))
                .isEqualTo(1);
        assertThat(output.getErr())
                .contains("migrate.command=new writes a file into a folder, but migrate.locations"
                        + " [classpath:db/migrations] has no filesystem: location");
        assertThat(exit("migrate.command=new")).isEqualTo(1);
        assertThat(output.getErr()).contains("migrate.command=new needs the migration's name: set migrate.new-name");
    }

    @Test
    void settingsThatDoNotFitTheCommandAreRefusedNamingThem(CapturedOutput output) {
        assertThat(exit("migrate.command=status", "migrate.limit=1")).isEqualTo(1);
        assertThat(output.getErr()).contains("migrate.limit does not apply to migrate.command=status");
        assertThat(exit("migrate.command=up", "migrate.output=json")).isEqualTo(1);
        assertThat(output.getErr()).contains("migrate.output=json does not apply to migrate.command=up");
        assertThat(exit("migrate.command=status", "migrate.dry-run=true")).isEqualTo(1);
        assertThat(output.getErr()).contains("migrate.dry-run does not apply to migrate.command=status");
        assertThat(exit("migrate.command=up", "migrate.new-name=x")).isEqualTo(1);
        assertThat(output.getErr()).contains("migrate.new-name does not apply to migrate.command=up");
        assertThat(exit("migrate.limit=1", "migrate.target=2_seed.sql")).isEqualTo(1);
        assertThat(output.getErr()).contains("set migrate.target or migrate.limit, not both");
        assertThat(historyTables()).isZero();
    }

    @Test
    void theCommandLineSettingsOutsideExitModeFailStartUpNamingThemAndTheMode() {
        exitMode("migrate.mode=runner", "migrate.limit=1", "migrate.output=json")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .hasMessageContaining("migrate.limit, migrate.output apply only to migrate.mode=exit")
                            .hasMessageContaining("but migrate.mode is runner");
                });
        exitMode("migrate.mode=initializer", "migrate.dry-run=true")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("migrate.dry-run applies only to migrate.mode=exit"));
        exitMode("migrate.mode=runner", "migrate.new-name=x")
                .run(context -> assertThat(context.getStartupFailure())
                        .rootCause()
                        .hasMessageContaining("migrate.new-name applies only to migrate.mode=exit"));
        assertThat(historyTables()).isZero();
    }
}
