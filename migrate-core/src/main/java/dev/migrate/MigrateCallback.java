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
 * <p>Callbacks get no connection: a callback that needs the database uses its own (the run's
 * connection holds the migration lock; the transaction of each migration is committed before
 * {@code afterMigration} is called).
 */
public interface MigrateCallback {

    /** Before the run reads the history. */
    default void beforeRun(MigrateOperation operation) {}

    /** After one migration ran and was recorded (committed); {@code migration} says how long it took. */
    default void afterMigration(MigrateOperation operation, ExecutedMigration migration) {}

    /** After the run, with what it did ({@code result.count() == 0}: nothing was pending). */
    default void afterRun(MigrateOperation operation, MigrateResult result) {}

    /** The run failed; {@code failure} is what the caller of the Migrator receives. */
    default void onFailure(MigrateOperation operation, MigrateException failure) {}
}
