package dev.migrate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationExecutionException;
import dev.migrate.MigrationExecutionException.Outcome;
import org.junit.jupiter.api.Test;

class FailureTextTest {

    @Test
    void aFailedStatementNamesTheFileLineDatabaseMessageStatementAndConsequence() {
        MigrationExecutionException failure = new MigrationExecutionException(
                "2_add.sql",
                4,
                "ALTER TABLE t ADD c int",
                "relation \"t\" does not exist",
                Outcome.ROLLED_BACK,
                "the migration was rolled back; nothing of it was recorded.",
                "whole message",
                null);

        assertThat(FailureText.of(failure))
                .isEqualTo("migration 2_add.sql failed at line 4: relation \"t\" does not exist\n"
                        + "  statement: ALTER TABLE t ADD c int\n"
                        + "  the migration was rolled back; nothing of it was recorded.");
    }

    @Test
    void withoutAStatementTheMessage() {
        MigrationExecutionException failure = new MigrationExecutionException(
                "2_add.sql", 0, null, null, Outcome.ROLLED_BACK, "rolled back", "callback failed", null);

        assertThat(FailureText.of(failure)).isEqualTo("migration 2_add.sql failed: callback failed");
    }

    @Test
    void theCoresOtherFailuresByMessageAnythingElseByName() {
        assertThat(FailureText.of(new MigrationConfigurationException("lockType", "unknown lock type 'x'")))
                .isEqualTo(new MigrationConfigurationException("lockType", "unknown lock type 'x'").getMessage());
        assertThat(FailureText.of(new IllegalStateException("closed"))).isEqualTo("IllegalStateException: closed");
    }
}
