package dev.migrate;

import java.util.List;

/**
 * What a run would do, worked out without doing it ({@link Migrator#plan()}, sql-migrate's {@code
 * -dryrun}): each migration it would run, in order, with the statements it would send and whether
 * they would run in one transaction. Statement text is shown as migrate shows SQL anywhere: string
 * literals after {@code PASSWORD} or {@code IDENTIFIED} are replaced by {@code '***'}.
 *
 * @param steps the migrations, in the order they would run (for a redo, the Down and then the Up
 *     of the same migration)
 */
public record MigrationPlan(List<Step> steps) {

    public MigrationPlan {
        steps = List.copyOf(steps);
    }

    /** Whether the run would do nothing. */
    public boolean isEmpty() {
        return steps.isEmpty();
    }

    /**
     * One migration the run would apply or undo.
     *
     * @param id the file name
     * @param direction up (apply) or down (undo)
     * @param transactional whether its statements and its history row would commit together in one
     *     transaction ({@code false} for a {@code notransaction} migration). On MySQL and MariaDB a
     *     DDL statement commits implicitly even inside one.
     * @param statements the statements, in file order
     */
    public record Step(String id, Direction direction, boolean transactional, List<Statement> statements) {

        public Step {
            statements = List.copyOf(statements);
        }
    }

    /**
     * One statement the run would send.
     *
     * @param line the 1-based line of the file where it starts
     * @param sql its text as it would be sent (without trailing line ends), with secrets hidden
     */
    public record Statement(int line, String sql) {}
}
