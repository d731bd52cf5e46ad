package dev.migrate;

import org.jspecify.annotations.Nullable;

/**
 * A statement failed in the database. Names the migration, the first line of the statement in
 * its file and the database's own message. Nothing of the failed migration is recorded as
 * applied.
 */
public final class MigrationExecutionException extends MigrateException {

    private final String file;
    private final int line;
    private final @Nullable String databaseMessage;

    public MigrationExecutionException(
            String file, int line, String message, @Nullable String databaseMessage, @Nullable Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.databaseMessage = databaseMessage;
    }

    /** The migration's id (its file name). */
    public String file() {
        return file;
    }

    /** The 1-based line in the file where the failing statement starts; 0 if not a statement. */
    public int line() {
        return line;
    }

    /** What the database said, when it said something. */
    public @Nullable String databaseMessage() {
        return databaseMessage;
    }
}
