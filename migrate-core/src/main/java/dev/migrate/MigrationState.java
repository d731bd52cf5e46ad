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
     * an error when planning unless {@code ignore-unknown}. Also a migration whose file was renamed
     * (a pending file has its recorded checksum), wherever it sorts: always an error when planning,
     * until the file has its old name again or {@link Migrator#repair()} records the new one; its
     * {@link MigrationInfo#failure()} says so.
     */
    UNKNOWN,
    /**
     * Recorded in the history table, not in the source, newer than every migration the source has,
     * and no pending file has its recorded checksum: a newer release applied it (a rolling deploy, a rollback). Not an error; logged as a
     * warning.
     */
    FUTURE
}
