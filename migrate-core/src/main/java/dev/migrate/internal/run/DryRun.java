package dev.migrate.internal.run;

import dev.migrate.Direction;
import dev.migrate.MigrationPlan;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.parse.MigrationParser;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.Plan;
import dev.migrate.internal.redact.SqlRedactor;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a {@link Plan} into the {@link MigrationPlan} a person or a script reads: each step's
 * statements, read from the file in the direction it would run, with secrets hidden. Holds the
 * statements of every step in memory, so a dry run of a very large seed file costs its size.
 */
final class DryRun {

    private DryRun() {}

    /** The steps of {@code plan}; for a redo each Down is followed by the Up of the same migration. */
    static MigrationPlan of(Plan plan, boolean redo) {
        List<MigrationPlan.Step> steps = new ArrayList<>();
        for (Migration migration : plan.steps()) {
            steps.add(step(migration, plan.direction()));
            if (redo) {
                steps.add(step(migration, Direction.UP));
            }
        }
        return new MigrationPlan(steps);
    }

    private static MigrationPlan.Step step(Migration migration, Direction direction) {
        List<MigrationPlan.Statement> statements = new ArrayList<>();
        try (InputStream in = migration.resource().open()) {
            MigrationParser.parse(
                    migration.id(),
                    in,
                    direction,
                    statement -> statements.add(new MigrationPlan.Statement(
                            statement.line(),
                            SqlRedactor.redact(statement.sql()).stripTrailing())));
        } catch (IOException e) {
            throw new MigrationSourceException(
                    "could not read " + migration.resource().location() + ": " + e.getMessage(), e);
        }
        return new MigrationPlan.Step(
                migration.id(), direction, !migration.parsed().noTransaction(direction), statements);
    }
}
