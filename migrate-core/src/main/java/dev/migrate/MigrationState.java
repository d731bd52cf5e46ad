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
     * Its process died inside a statement that cannot be rolled back (a {@code notransaction}
     * migration, or on MySQL, MariaDB and H2 a statement that commits implicitly): part of it may be
     * committed. Found with the lock free, so no live run holds the mark. Not retried until a
     * person has looked and run {@link Migrator#repair()}; the next run refuses it, naming the file
     * and the statement. An interrupted Down's migration is still recorded as applied.
     */
    INTERRUPTED,
    /**
     * Being applied (or undone) now by the run that holds the lock, past a statement that cannot
     * be rolled back. Becomes {@link #APPLIED} (or pending, for a Down) when that run records it,
     * {@link #FAILED} when it fails, and {@link #INTERRUPTED} when it dies.
     */
    RUNNING,
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
