package dev.migrate;

import org.jspecify.annotations.Nullable;

/**
 * A statement failed in the database, or the history could not record a migration. Names the
 * migration, the first line of the statement in its file, the statement (passwords hidden), the
 * database's own message and what became of the migration ({@link #outcome()}). Nothing of the
 * failed migration is recorded as applied.
 *
 * <p>The accessors carry the data; the message says the same for a person and may change wording
 * between versions, so read the accessors, not the message.
 */
public final class MigrationExecutionException extends MigrateException {

    /** What became of a migration that failed. */
    public enum Outcome {
        /**
         * Its transaction was rolled back: nothing of it stayed and nothing was recorded; the next
         * run applies it again.
         */
        ROLLED_BACK,
        /**
         * Part of it may already be committed (a {@code notransaction} migration once a statement
         * ran, or a database that commits implicitly around DDL), so it is marked failed in the
         * side table: status {@code FAILED}, and no run repeats it before {@code repair} (or {@code
         * retryFailed}). A failed Down leaves the migration recorded as applied.
         */
        MARKED_FAILED,
        /**
         * Part of it may already be committed, and marking it failed did not succeed either (that
         * error is {@linkplain #getSuppressed() suppressed} here): check the database by hand, since
         * nothing stops the next run from applying it again.
         */
        MAY_BE_PARTLY_COMMITTED
    }

    private final String file;
    private final int line;
    private final @Nullable String statement;
    private final @Nullable String databaseMessage;
    private final Outcome outcome;
    private final String consequence;

    /**
     * @param file the migration's id
     * @param line the 1-based line where the failing statement starts; 0 if no statement failed
     * @param statement the failing statement as shown to people (see {@link #statement()})
     * @param databaseMessage what the database said, passwords removed
     * @param outcome what became of the migration
     * @param consequence the outcome in a sentence for a person (see {@link #consequence()})
     * @param message the whole message
     * @param cause the database's exception
     */
    public MigrationExecutionException(
            String file,
            int line,
            @Nullable String statement,
            @Nullable String databaseMessage,
            Outcome outcome,
            String consequence,
            String message,
            @Nullable Throwable cause) {
        super(message, cause);
        this.file = file;
        this.line = line;
        this.statement = statement;
        this.databaseMessage = databaseMessage;
        this.outcome = outcome;
        this.consequence = consequence;
    }

    /** The migration's id (its file name). */
    public String file() {
        return file;
    }

    /** The 1-based line in the file where the failing statement starts; 0 if not a statement. */
    public int line() {
        return line;
    }

    /**
     * The failing statement as migrate shows it: every literal after {@code PASSWORD} / {@code
     * IDENTIFIED} replaced by {@code '***'}, on one
     * line, cut after 200 characters; null when no statement failed (the history write did).
     */
    public @Nullable String statement() {
        return statement;
    }

    /** What the database said, when it said something; with the statement's passwords removed. */
    public @Nullable String databaseMessage() {
        return databaseMessage;
    }

    /** What became of the migration: rolled back, marked failed, or possibly partly committed. */
    public Outcome outcome() {
        return outcome;
    }

    /**
     * The {@linkplain #outcome() outcome} in a sentence or two for a person, with the details the
     * enum leaves out (how many statements stayed applied, which lines may be committed), e.g.
     * {@code the migration was rolled back; nothing of it was recorded.}
     */
    public String consequence() {
        return consequence;
    }
}
