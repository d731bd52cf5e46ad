package dev.migrate;

/** Where one migration stands. */
public enum MigrationState {
    /** Recorded in the history table. */
    APPLIED,
    /** In the source, not applied yet. */
    PENDING,
    /**
     * A {@code notransaction} migration that failed part-way: not recorded as applied, and not
     * retried until a person has looked and run {@link Migrator#repair()}.
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
