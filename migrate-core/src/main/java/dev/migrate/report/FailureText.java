package dev.migrate.report;

import dev.migrate.MigrateException;
import dev.migrate.MigrationExecutionException;

/**
 * One text a person can act on, for any failure of a command: for a failed statement the file,
 * the line, the database's message, the statement and what it left behind; for the core's other
 * failures their message; for anything else the exception's simple name and message.
 */
public final class FailureText {

    private FailureText() {}

    /** The text of {@code failure}, without a prefix (callers add e.g. {@code "migrate: "}). */
    public static String of(Throwable failure) {
        if (failure instanceof MigrationExecutionException e) {
            String database = e.databaseMessage();
            String statement = e.statement();
            if (database == null || statement == null || e.line() == 0) {
                return "migration " + e.file() + " failed: " + e.getMessage();
            }
            return "migration " + e.file() + " failed at line " + e.line() + ": " + database + "\n  statement: "
                    + statement + "\n  " + e.consequence();
        }
        if (failure instanceof MigrateException) {
            return String.valueOf(failure.getMessage());
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
