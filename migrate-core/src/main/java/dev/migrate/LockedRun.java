package dev.migrate;

import java.sql.Connection;
import java.util.List;

/**
 * A run of a {@link Migrator} as a {@link MigrateCallback} sees it while the run holds the
 * migration lock: {@link MigrateCallback#beforeMigrations} and {@link
 * MigrateCallback#afterMigrations} get it.
 *
 * @param operation what the run does
 * @param connection the run's own connection, which holds the lock: statements on it run while no
 *     other replica migrates, in auto-commit mode (a callback that turns auto-commit off commits
 *     and turns it back on). Never close it. Its session settings are put back after the run, as
 *     are those the migrations changed
 * @param executed the migrations this run applied (or undid, or skipped) and recorded, in order;
 *     empty before the first
 */
public record LockedRun(MigrateOperation operation, Connection connection, List<ExecutedMigration> executed) {

    public LockedRun {
        executed = List.copyOf(executed);
    }
}
