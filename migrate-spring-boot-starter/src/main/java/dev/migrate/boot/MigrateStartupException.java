package dev.migrate.boot;

import org.springframework.boot.ExitCodeGenerator;

/**
 * A start-up migration failed. The message says which file, which line and what the database
 * said; the cause is the original {@link dev.migrate.MigrateException}. Exit code 1.
 */
final class MigrateStartupException extends IllegalStateException implements ExitCodeGenerator {

    MigrateStartupException(RuntimeException cause) {
        super("migrate: " + Failures.describe(cause), cause);
    }

    /** A start-up that ended without a migration failure of its own, e.g. stopped by a shutdown. */
    MigrateStartupException(String message) {
        super(message);
    }

    @Override
    public int getExitCode() {
        return 1;
    }
}
