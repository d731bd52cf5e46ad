package dev.migrate;

/**
 * Hears the runs of a {@link Migrator} that change the history ({@link MigrateOperation}: up,
 * down, redo, skip), e.g. to grant privileges on new tables, refresh materialized views or send a
 * notification. Register with {@link Migrator.Builder#callbacks}; in Spring Boot every bean of
 * this type is registered, in {@code @Order}. Every method has an empty default.
 *
 * <p>Calls happen on the thread of the run, in order: {@link #beforeRun} once, {@link
 * #afterMigration} after each migration was applied (or undone, or skipped) and recorded, then
 * {@link #afterRun} once, also when there was nothing to do; {@link #onFailure} instead of {@link
 * #afterRun} when the run failed. A callback that throws fails the run with a {@link
 * MigrateCallbackException}: thrown from {@code beforeRun}, nothing runs; from {@code
 * afterMigration}, that migration stays applied and recorded and no further one runs; from {@code
 * afterRun}, every migration of the run stays applied. An exception thrown by {@code onFailure} is
 * added to the failure as suppressed.
 *
 * <p>A callback that changes the database as part of the run, as Flyway's {@code afterMigrate}
 * callbacks do (grant privileges on the new tables, refresh a materialized view), uses {@link
 * #beforeMigrations} and {@link #afterMigrations}: they get the run's own connection while it holds
 * the migration lock, so no other replica migrates meanwhile. They are called only in a run that
 * has something to do under the lock; a run that finds nothing pending (or, after waiting for the
 * lock, finds that another replica applied it all) calls neither. The order of a run with work is
 * {@code beforeRun}, {@code beforeMigrations}, {@code afterMigration} per migration, {@code
 * afterMigrations}, then, with the lock released, {@code afterRun}. A callback that throws in
 * {@code beforeMigrations} stops the run before any migration; in {@code afterMigrations}, every
 * migration of the run stays applied and recorded. The other methods get no connection: one that
 * needs the database uses its own (the transaction of each migration is committed before {@code
 * afterMigration} is called).
 */
public interface MigrateCallback {

    /** Before the run reads the history. */
    default void beforeRun(MigrateOperation operation) {}

    /**
     * Inside the lock, on the run's connection, before the first migration of a run that has work
     * to do ({@code run.executed()} is empty).
     */
    default void beforeMigrations(LockedRun run) {}

    /**
     * Inside the lock, on the run's connection, after the last migration of the run was recorded
     * (each migration's transaction is committed) and before the lock is released; {@code
     * run.executed()} lists what ran. The place to grant privileges on new tables or refresh a
     * materialized view.
     */
    default void afterMigrations(LockedRun run) {}

    /** After one migration ran and was recorded (committed); {@code migration} says how long it took. */
    default void afterMigration(MigrateOperation operation, ExecutedMigration migration) {}

    /** After the run, with what it did ({@code result.count() == 0}: nothing was pending). */
    default void afterRun(MigrateOperation operation, MigrateResult result) {}

    /** The run failed; {@code failure} is what the caller of the Migrator receives. */
    default void onFailure(MigrateOperation operation, MigrateException failure) {}
}
