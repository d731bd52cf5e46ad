package dev.migrate;

/** What a run of a {@link Migrator} does; {@link MigrateCallback}s are told. */
public enum MigrateOperation {
    /** Applies pending migrations ({@link Migrator#up()} and its variants). */
    UP,
    /** Undoes applied migrations ({@link Migrator#down()} and its variants). */
    DOWN,
    /** Undoes the newest applied migration and applies it again ({@link Migrator#redo()}). */
    REDO,
    /** Records pending migrations as applied without running them ({@link Migrator#skip()}). */
    SKIP
}
