package dev.migrate.report;

import dev.migrate.Direction;
import dev.migrate.MigrationPlan;
import java.util.Locale;

/**
 * A plan (or a dry run) as a person reads it: per step one {@code ==> would apply} (or {@code
 * undo}) line with the direction, the transaction and the statement count, then each statement
 * under {@code -- line N}.
 */
public final class PlanText {

    private PlanText() {}

    /** The plan, each line ended by {@code \n}; {@code migrate: plan: nothing would run} when empty. */
    public static String of(MigrationPlan plan) {
        if (plan.isEmpty()) {
            return "migrate: plan: nothing would run\n";
        }
        StringBuilder text = new StringBuilder();
        for (MigrationPlan.Step step : plan.steps()) {
            int statements = step.statements().size();
            text.append("==> would ")
                    .append(step.direction() == Direction.UP ? "apply " : "undo ")
                    .append(step.id())
                    .append(" (")
                    .append(step.direction().name().toLowerCase(Locale.ROOT))
                    .append(", ")
                    .append(step.transactional() ? "in a transaction" : "no transaction")
                    .append(", ")
                    .append(statements)
                    .append(statements == 1 ? " statement" : " statements")
                    .append(")\n");
            for (MigrationPlan.Statement statement : step.statements()) {
                text.append("-- line ").append(statement.line()).append('\n');
                text.append(statement.sql().strip()).append('\n');
            }
        }
        return text.toString();
    }
}
