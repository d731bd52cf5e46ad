package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.LockException;
import dev.migrate.MigrationExecutionException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.diagnostics.FailureAnalysis;

class MigrateFailureAnalyzerTests {

    private final MigrateFailureAnalyzer analyzer = new MigrateFailureAnalyzer();

    @Test
    void startUpFailureReportNamesFileLineAndDatabaseMessage() {
        MigrationExecutionException cause = new MigrationExecutionException(
                "3_add_index.sql",
                7,
                "3_add_index.sql:7: statement failed: ERROR: column \"nope\" does not exist\n  statement: create"
                        + " index i on t (nope)\n  the migration was rolled back; nothing of it was recorded.",
                "ERROR: column \"nope\" does not exist",
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
    void lockTimeoutPointsAtTheHolderAndTheTimeout() {
        FailureAnalysis analysis = analyzer.analyze(new MigrateStartupException(
                new LockException("timed out after 10m waiting for the lock held by pid 42 (replica-1)")));
        assertThat(analysis.getDescription()).contains("pid 42");
        assertThat(analysis.getAction()).contains("migrate.lock.timeout");
    }

    @Test
    void otherFailuresAreNotOurs() {
        assertThat(analyzer.analyze(new IllegalStateException("something else")))
                .isNull();
    }
}
