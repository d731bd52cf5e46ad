package dev.migrate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Direction;
import dev.migrate.MigrationPlan;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanTextTest {

    @Test
    void nothingWouldRun() {
        assertThat(PlanText.of(new MigrationPlan(List.of()))).isEqualTo("migrate: plan: nothing would run\n");
    }

    @Test
    void eachStepThenItsStatementsStripped() {
        MigrationPlan plan = new MigrationPlan(List.of(
                new MigrationPlan.Step(
                        "2_b.sql",
                        Direction.DOWN,
                        true,
                        List.of(new MigrationPlan.Statement(9, "\n  DROP TABLE b;  \n"))),
                new MigrationPlan.Step(
                        "3_c.sql",
                        Direction.UP,
                        false,
                        List.of(
                                new MigrationPlan.Statement(2, "CREATE INDEX CONCURRENTLY i ON c (x);"),
                                new MigrationPlan.Statement(4, "ANALYZE c;")))));

        assertThat(PlanText.of(plan))
                .isEqualTo("==> would undo 2_b.sql (down, in a transaction, 1 statement)\n"
                        + "-- line 9\n"
                        + "DROP TABLE b;\n"
                        + "==> would apply 3_c.sql (up, no transaction, 2 statements)\n"
                        + "-- line 2\n"
                        + "CREATE INDEX CONCURRENTLY i ON c (x);\n"
                        + "-- line 4\n"
                        + "ANALYZE c;\n");
    }
}
