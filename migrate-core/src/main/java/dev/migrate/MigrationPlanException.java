package dev.migrate;

/**
 * The migrations found and the history disagree: an applied migration the source no longer
 * has, an applied file that was edited, a failed or interrupted migration waiting for repair, a file that changed
 * while the run used it, a bad target. {@link #reason()} says which and {@link #migration()} names
 * the migration; the message says the same for a person, so read the accessors, not the message.
 */
public final class MigrationPlanException extends MigrateException {

    /** What disagrees. */
    public enum Reason {
        /** An applied migration is not among the migrations found, and is older than one that is. */
        UNKNOWN_APPLIED,
        /** A Down was asked of an applied migration whose file is not among the migrations found. */
        MISSING_FILE,
        /**
         * An applied migration's file was renamed: its id is not among the migrations found, and a
         * pending file has the checksum recorded for it. {@link #migration()} is the old id; the
         * message names both. Refused whatever {@code ignoreUnknown} says; {@code repair} records
         * the new name in place of the old one.
         */
        RENAMED,
        /** An applied file was edited after it was applied (and checksums are validated). */
        EDITED,
        /** The migration failed part-way earlier and is marked failed: it waits for repair. */
        FAILED,
        /** The migration's Down failed part-way earlier: it stays applied and waits for repair. */
        DOWN_FAILED,
        /**
         * The process that ran the migration died inside a statement that cannot be rolled back
         * (found by the next holder of the lock): part of it may be committed, and it waits for
         * repair.
         */
        INTERRUPTED,
        /** The file changed after this run read it, or while it ran: run again. */
        CHANGED_DURING_RUN,
        /** The target is not among the migrations found, or (for a Down) not applied. */
        BAD_TARGET,
        /**
         * With {@code ddlLint} set to fail, a pending migration holds DDL that would lock or rewrite a
         * busy table for long; nothing ran. {@link #migration()} names the first such file.
         */
        DANGEROUS_DDL
    }

    private final Reason reason;
    private final String migration;

    /**
     * @param reason what disagrees
     * @param migration the migration's id (for {@link Reason#BAD_TARGET}, the target)
     * @param message the whole message
     */
    public MigrationPlanException(Reason reason, String migration, String message) {
        super(message);
        this.reason = reason;
        this.migration = migration;
    }

    /** What disagrees. */
    public Reason reason() {
        return reason;
    }

    /**
     * The migration's id (its file name); for {@link Reason#BAD_TARGET}, the target asked for; for
     * {@link Reason#DANGEROUS_DDL}, the first file with such DDL.
     */
    public String migration() {
        return migration;
    }
}
