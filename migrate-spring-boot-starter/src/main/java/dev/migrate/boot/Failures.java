package dev.migrate.boot;

import dev.migrate.MigrateException;
import dev.migrate.MigrationExecutionException;

/** One line a person can act on, for any failure of a migration run. */
final class Failures {

    private Failures() {}

    static String describe(Throwable failure) {
        if (failure instanceof MigrateStartupException startup && startup.getCause() != null) {
            return describe(startup.getCause());
        }
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
            return failure.getMessage();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
