package dev.migrate;

/**
 * The database failed outside any one migration: it could not be reached, or the history could not
 * be read or created. Carries the database's message and SQL state.
 */
public final class MigrationDatabaseException extends MigrateException {

    private final boolean tablesLocked;

    public MigrationDatabaseException(String message, Throwable cause) {
        this(message, cause, false);
    }

    /**
     * @param tablesLocked whether a statement gave up waiting for a lock another session holds on
     *     the history, side or lease table (see {@link #tablesLocked()})
     */
    public MigrationDatabaseException(String message, Throwable cause, boolean tablesLocked) {
        super(message, cause);
        this.tablesLocked = tablesLocked;
    }

    /**
     * Whether the database answered, but a statement on the history, side or lease table gave up
     * after its bound (the lock timeout, or the bound given to {@link Migrator#status(java.time.Duration)})
     * because another session holds a lock on the table: an {@code ALTER} in an open transaction,
     * {@code VACUUM FULL}, {@code LOCK TABLE(S)}. The message names the tables and, where the
     * database tells, the session holding the lock.
     */
    public boolean tablesLocked() {
        return tablesLocked;
    }
}
