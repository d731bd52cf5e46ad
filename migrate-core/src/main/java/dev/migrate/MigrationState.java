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
    /** Recorded in the history table but no longer in the source. */
    UNKNOWN
}
