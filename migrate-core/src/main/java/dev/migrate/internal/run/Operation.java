package dev.migrate.internal.run;

import dev.migrate.Direction;
import dev.migrate.MigrateOperation;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.Plan;
import dev.migrate.internal.plan.Planner;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An operation that runs under the migration lock: it plans itself from the history and applies
 * each planned migration its own way, through the {@link Steps} the runner gives it.
 */
enum Operation {
    UP("Applied", "Applying", "pending") {
        @Override
        Plan plan(Planner planner, List<Migration> migrations, HistorySnapshot history, Bounds bounds) {
            return planner.up(migrations, history, bounds.limit(), bounds.target());
        }

        @Override
        void apply(Migration migration, Direction planned, Steps steps) throws SQLException {
            steps.run(migration, planned);
        }

        @Override
        boolean lintsDdl() {
            return true;
        }
    },
    DOWN("Undid", "Undoing", "to undo") {
        @Override
        Plan plan(Planner planner, List<Migration> migrations, HistorySnapshot history, Bounds bounds) {
            return planner.down(migrations, history, bounds.limit(), bounds.target());
        }

        @Override
        void apply(Migration migration, Direction planned, Steps steps) throws SQLException {
            steps.run(migration, planned);
        }
    },
    /** Undoes the newest applied migration and applies it again: plans as {@code down} by one. */
    REDO("Redid", "Redoing", "to redo") {
        @Override
        Plan plan(Planner planner, List<Migration> migrations, HistorySnapshot history, Bounds bounds) {
            return planner.down(migrations, history, 1, null);
        }

        @Override
        void apply(Migration migration, Direction planned, Steps steps) throws SQLException {
            steps.run(migration, Direction.DOWN);
            steps.run(migration, Direction.UP);
        }
    },
    /** Records pending migrations as applied without running them: plans as {@code up}, runs no SQL. */
    SKIP("Skipped", "Skipping", "to skip") {
        @Override
        Plan plan(Planner planner, List<Migration> migrations, HistorySnapshot history, Bounds bounds) {
            return planner.up(migrations, history, bounds.limit(), bounds.target());
        }

        @Override
        void apply(Migration migration, Direction planned, Steps steps) throws SQLException {
            steps.skip(migration);
        }

        @Override
        boolean runsSql() {
            return false;
        }
    };

    /** For the operator's log: "Applied 3 migrations", "Applying 1_a.sql", "2 of 5 migrations pending". */
    final String verb;

    final String gerund;
    final String planned;

    Operation(String verb, String gerund, String planned) {
        this.verb = verb;
        this.gerund = gerund;
        this.planned = planned;
    }

    /** What this operation would do now, by the history read. */
    abstract Plan plan(Planner planner, List<Migration> migrations, HistorySnapshot history, Bounds bounds);

    /** Applies one planned migration; {@code planned} is the plan's direction. */
    abstract void apply(Migration migration, Direction planned, Steps steps) throws SQLException;

    /** Whether it runs the migrations' SQL (under the DDL guard, one line per migration in the log). */
    boolean runsSql() {
        return true;
    }

    /** Whether dangerous DDL in what it plans is looked for (PostgreSQL, {@code up} only). */
    boolean lintsDdl() {
        return false;
    }

    /** The operation as callbacks hear it. */
    MigrateOperation heard() {
        return MigrateOperation.valueOf(name());
    }

    /**
     * How far an operation goes.
     *
     * @param limit how many migrations at most ({@code 0}: no limit)
     * @param target the migration to stop at, or null
     */
    record Bounds(int limit, @Nullable String target) {}

    /** What an operation does to one migration, under the lock. */
    interface Steps {

        /** Runs the migration in {@code direction} and records it. */
        void run(Migration migration, Direction direction) throws SQLException;

        /** Records the migration as applied without running it. */
        void skip(Migration migration) throws SQLException;
    }
}
