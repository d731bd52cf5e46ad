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
            String detail = String.valueOf(e.getMessage());
            if (database == null || e.line() == 0) {
                return "migration " + e.file() + " failed: " + detail;
            }
            // the engine's message goes on with the statement and what was kept or rolled back
            int more = detail.indexOf("\n  statement: ");
            return "migration " + e.file() + " failed at line " + e.line() + ": " + database
                    + (more >= 0 ? detail.substring(more) : "");
        }
        if (failure instanceof MigrateException) {
            return failure.getMessage();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }
}
