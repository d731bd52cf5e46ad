package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.LockException;
import dev.migrate.LockHolder;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationExecutionException;
import dev.migrate.MigrationPlanException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class MigrateFailureAnalyzerTests {

    private final MigrateFailureAnalyzer analyzer = new MigrateFailureAnalyzer();

    @Test
    void startUpFailureReportNamesFileLineAndDatabaseMessage() {
        MigrationExecutionException cause = new MigrationExecutionException(
                "3_add_index.sql",
                7,
                "create index i on t (nope)",
                "ERROR: column \"nope\" does not exist",
                MigrationExecutionException.Outcome.ROLLED_BACK,
                "the migration was rolled back; nothing of it was recorded.",
                "3_add_index.sql:7: statement failed: ERROR: column \"nope\" does not exist\n  statement: create"
                        + " index i on t (nope)\n  the migration was rolled back; nothing of it was recorded.",
                new SQLException("ERROR: column \"nope\" does not exist"));
        FailureAnalysis analysis = analyzer.analyze(
                new IllegalStateException("Failed to execute ApplicationRunner", new MigrateStartupException(cause)));
        assertThat(analysis.getDescription())
                .startsWith(
                        "migrate: migration 3_add_index.sql failed at line 7: ERROR: column \"nope\" does not exist")
                .contains("statement: create index i on t (nope)", "rolled back");
        assertThat(analysis.getAction()).contains("Fix the statement");
    }

    @Test
    void theReportIsBuiltFromTheExceptionsDataNotItsWording() {
        MigrationExecutionException cause = failure(
                MigrationExecutionException.Outcome.ROLLED_BACK,
                "the migration was rolled back; nothing of it was recorded.",
                "Something went wrong somewhere (this wording says nothing of statements, lines or rollbacks)");

        FailureAnalysis analysis = analyzer.analyze(new MigrateStartupException(cause));

        assertThat(analysis.getDescription())
                .isEqualTo("migrate: migration 3_add_index.sql failed at line 7: ERROR: column \"nope\" does not exist"
                        + "\n  statement: create index i on t (nope)"
                        + "\n  the migration was rolled back; nothing of it was recorded.");
    }

    @Test
    void theActionFollowsTheOutcomeNotTheMessage() {
        String saysRolledBack =
                "3_add_index.sql:7: statement failed: the migration was rolled back; nothing of it" + " was recorded.";
        String markedFailed = analyzer.analyze(new MigrateStartupException(failure(
                        MigrationExecutionException.Outcome.MARKED_FAILED, "It is marked failed.", saysRolledBack)))
                .getAction();
        String unmarked = analyzer.analyze(new MigrateStartupException(failure(
                        MigrationExecutionException.Outcome.MAY_BE_PARTLY_COMMITTED,
                        "It is marked failed.",
                        saysRolledBack)))
                .getAction();
        String rolledBack = analyzer.analyze(new MigrateStartupException(failure(
                        MigrationExecutionException.Outcome.ROLLED_BACK,
                        "It is marked failed.",
                        "It is marked failed and will not run again until you have run repair.")))
                .getAction();

        assertThat(markedFailed).contains("Fix the statement", "marked failed", "repair");
        assertThat(unmarked).contains("Fix the statement", "check the database by hand", "runs it again");
        assertThat(rolledBack).contains("Fix the statement", "rolled back").doesNotContain("repair");
    }

    private static MigrationExecutionException failure(
            MigrationExecutionException.Outcome outcome, String consequence, String message) {
        return new MigrationExecutionException(
                "3_add_index.sql",
                7,
                "create index i on t (nope)",
                "ERROR: column \"nope\" does not exist",
                outcome,
                consequence,
                message,
                null);
    }

    @Test
    void lockTimeoutPointsAtTheHolderAndTheTimeout() {
        FailureAnalysis analysis = analyzer.analyze(new MigrateStartupException(new LockException(
                "postgres-advisory key 7",
                new LockHolder("pid 42 (replica-1)", Map.of("pid", "42")),
                Duration.ofMinutes(10),
                "timed out after 10m waiting for the lock held by pid 42 (replica-1)")));
        assertThat(analysis.getDescription()).contains("pid 42");
        assertThat(analysis.getAction()).contains("migrate.lock.timeout");
    }

    @Test
    void aLostLeaseIsNotTakenForATimeoutWhateverTheMessageSays() {
        FailureAnalysis analysis = analyzer.analyze(new MigrateStartupException(new LockException(
                LockException.Reason.LOST,
                "table-lease gorp_migrations_lock[gorp_migrations]",
                "timed out: the lock is held by another process",
                null)));

        assertThat(analysis.getAction())
                .contains("lease was lost", "lease-time")
                .doesNotContain("lock.timeout");
    }

    @Test
    void aMigrationWaitingForRepairGetsRepairAdviceWhateverTheMessageSays() {
        FailureAnalysis analysis = analyzer.analyze(new MigrateStartupException(new MigrationPlanException(
                MigrationPlanException.Reason.FAILED, "2_notx.sql", "unknown migration in database: 2_notx.sql")));

        assertThat(analysis.getAction()).contains("2_notx.sql", "repair").doesNotContain("ignore-unknown");
    }

    @Test
    void aWrongSettingIsNamedAsItsPropertyWhateverTheMessageSays() {
        FailureAnalysis analysis = analyzer.analyze(new MigrateStartupException(new MigrationConfigurationException(
                "lockType", "Migration location 'nope:x' has the unknown prefix 'nope'")));

        assertThat(analysis.getAction()).isEqualTo("Check migrate.lock.type.");
    }

    @Test
    void otherFailuresAreNotOurs() {
        assertThat(analyzer.analyze(new IllegalStateException("something else")))
                .isNull();
    }
}
