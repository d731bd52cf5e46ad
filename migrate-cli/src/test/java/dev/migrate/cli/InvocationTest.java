package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings that do not fit the command are refused with exit code 1, before any database is touched. */
class InvocationTest {

    @Test
    void theCommandComesFromTheArgumentElseTheEnvironmentElseUp() {
        assertThat(Invocation.of(Settings.read(java.util.List.of(), Map.of())).command())
                .isEqualTo(Command.UP);
        assertThat(Invocation.of(Settings.read(java.util.List.of(), Map.of("MIGRATE_COMMAND", "status")))
                        .command())
                .isEqualTo(Command.STATUS);
        assertThat(Invocation.of(Settings.read(java.util.List.of("plan"), Map.of("MIGRATE_COMMAND", "status")))
                        .command())
                .isEqualTo(Command.PLAN);
    }

    @Test
    void anUnknownCommandIsRefused() {
        CliRun run = CliRun.run(Map.of(), "upp");
        assertThat(run.code()).as(run.toString()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).contains("command 'upp' is not one of up, down, redo");
    }

    @Test
    void anUnknownCommandFromTheEnvironmentIsNamedByItsVariable() {
        CliRun run = CliRun.run(Map.of("MIGRATE_COMMAND", "migrate"));
        assertThat(run.code()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).contains("MIGRATE_COMMAND 'migrate' is not one of");
    }

    @Test
    void aLimitThatDoesNotFitTheCommandIsRefused() {
        CliRun run = CliRun.run(Map.of("MIGRATE_LIMIT", "1"), "status");
        assertThat(run.code()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).contains("MIGRATE_LIMIT does not apply to status");
    }

    @Test
    void jsonOutputOfUpIsRefused() {
        CliRun run = CliRun.run(Map.of(), "up", "--output=json");
        assertThat(run.code()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).contains("--output json does not apply to up");
    }

    @Test
    void targetAndLimitTogetherAreRefused() {
        CliRun run = CliRun.run(Map.of("MIGRATE_TARGET", "20240101000000-a.sql"), "up", "--limit", "1");
        assertThat(run.code()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).contains("set MIGRATE_TARGET or --limit, not both");
    }

    @Test
    void noDatabaseSaysWhichVariableToSet() {
        CliRun run = CliRun.run(Map.of(), "up");
        assertThat(run.code()).isEqualTo(MigrateCli.FAILED);
        assertThat(run.err()).contains("no database: set MIGRATE_URL (or SPRING_DATASOURCE_URL)");
    }

    @Test
    void disabledDoesNothingAndSucceeds() {
        CliRun run = CliRun.run(Map.of("MIGRATE_ENABLED", "false"), "up");
        assertThat(run.code()).isEqualTo(MigrateCli.OK);
        assertThat(run.err()).contains("MIGRATE_ENABLED=false, not migrating");
    }

    @Test
    void helpListsTheCommandsAndVariables() {
        CliRun run = CliRun.run(Map.of(), "--help");
        assertThat(run.code()).isEqualTo(MigrateCli.OK);
        assertThat(run.out()).contains("validate", "MIGRATE_LOCK_TIMEOUT", "Exit codes");
        for (Setting setting : Setting.values()) {
            if (setting != Setting.COMMAND) {
                assertThat(run.out()).contains(setting.variable()).contains("--" + setting.property());
            }
        }
    }
}
