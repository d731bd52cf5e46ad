package dev.migrate.cli;

import dev.migrate.MigrateException;
import dev.migrate.MigrationExecutionException;

/** One line a person can act on, for any failure of a command: file, line, the database's message. */
final class FailureText {

    private FailureText() {}

    static String of(Throwable failure) {
        if (failure instanceof MigrationExecutionException e) {
            String database = e.databaseMessage();
            String statement = e.statement();
            if (database == null || statement == null || e.line() == 0) {
                return "migration " + e.file() + " failed: " + e.getMessage();
            }
            return "migration " + e.file() + " failed at line " + e.line() + ": " + database + "\n  statement: "
                    + statement + "\n  " + e.consequence();
        }
        if (failure instanceof MigrateException || failure instanceof SettingException) {
            return String.valueOf(failure.getMessage());
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
