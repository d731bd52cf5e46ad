package dev.migrate;

/** Where one migration stands. */
public enum MigrationState {
    /** Recorded in the history table. */
    APPLIED,
    /** In the source, not applied yet. */
    PENDING,
    /**
     * A migration that failed part-way, so that some of it may be committed (it ran without a
     * transaction, or the database committed implicitly around DDL): not retried until a person
     * has looked and run {@link Migrator#repair()}. A failed Up is not recorded as applied; a
     * migration whose Down failed is still recorded as applied ({@link MigrationInfo#appliedAt()}
     * is set).
     */
    FAILED,
    /**
     * Recorded in the history table, not in the source, and older than a migration the source has:
     * an error when planning unless {@code ignore-unknown}.
     */
    UNKNOWN,
    /**
     * Recorded in the history table, not in the source, and newer than every migration the source
     * has: a newer release applied it (a rolling deploy, a rollback). Not an error; logged as a
     * warning.
     */
    FUTURE
}
