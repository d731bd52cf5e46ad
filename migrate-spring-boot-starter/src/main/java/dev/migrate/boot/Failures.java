package dev.migrate.boot;

import dev.migrate.report.FailureText;

/**
 * One line a person can act on, for any failure of a migration run: the core's {@link FailureText}
 * of the failure, or of its cause when the starter wrapped it ({@link MigrateStartupException}).
 */
final class Failures {

    private Failures() {}

    static String describe(Throwable failure) {
        if (failure instanceof MigrateStartupException startup && startup.getCause() != null) {
            return describe(startup.getCause());
        }
        return FailureText.of(failure);
    }
}
