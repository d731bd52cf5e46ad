package dev.migrate.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.DdlLintMode;
import dev.migrate.internal.execute.UpStatementCheck;
import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.testing.LogCapture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lint's warnings as statements run: in order, each once, only in {@code WARN} mode. */
class PendingDdlLintTest {

    @Test
    void warnsOfEachFindingBeforeItsStatementRunsAndOnceWhenTheMigrationIsTriedAgain() {
        UpStatementCheck check = PendingDdlLint.warnAsTheyRun(DdlLintMode.WARN);
        SqlStatement index = new SqlStatement("create index orders_total on orders (total);", 3);
        try (LogCapture log = new LogCapture()) {
            check.check("2_index.sql", new SqlStatement("insert into orders values (1);", 1));
            assertThat(warnings(log)).isEmpty();

            check.check("2_index.sql", index);
            assertThat(warnings(log))
                    .singleElement()
                    .satisfies(
                            line -> assertThat(line).contains("2_index.sql:3: create index on existing table orders"));

            check.check("2_index.sql", index); // the DDL guard runs the migration again
            assertThat(warnings(log)).hasSize(1);
        }
    }

    @Test
    void aTableCreatedByAnEarlierMigrationOfTheRunIsNew() {
        UpStatementCheck check = PendingDdlLint.warnAsTheyRun(DdlLintMode.WARN);
        try (LogCapture log = new LogCapture()) {
            check.check("1_table.sql", new SqlStatement("create table invoices (id int, total int);", 1));
            check.check("2_index.sql", new SqlStatement("create index invoices_total on invoices (total);", 1));

            assertThat(warnings(log)).isEmpty();
        }
    }

    @Test
    void failAndOffLookAtNothingAsStatementsRun() {
        assertThat(PendingDdlLint.warnAsTheyRun(DdlLintMode.FAIL)).isSameAs(UpStatementCheck.NONE);
        assertThat(PendingDdlLint.warnAsTheyRun(DdlLintMode.OFF)).isSameAs(UpStatementCheck.NONE);
    }

    private static List<String> warnings(LogCapture log) {
        return log.lines().stream().filter(line -> line.startsWith("WARN ")).toList();
    }
}
