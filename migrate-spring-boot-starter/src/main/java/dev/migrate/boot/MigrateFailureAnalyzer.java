package dev.migrate.boot;

import dev.migrate.LockException;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationDatabaseException;
import dev.migrate.MigrationExecutionException;
import dev.migrate.MigrationParseException;
import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationSourceException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a failed start-up migration into Spring Boot's "APPLICATION FAILED TO START" report: what
 * failed (file, line, database message) and what a person can do about it, without a stack
 * trace in the way. The advice follows the exception's type and data (for a failed statement, its
 * {@linkplain MigrationExecutionException#outcome() outcome}), never its message's wording.
 */
final class MigrateFailureAnalyzer extends AbstractFailureAnalyzer<MigrateStartupException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, MigrateStartupException failure) {
        return new FailureAnalysis(failure.getMessage(), action(failure.getCause()), failure);
    }

    private static String action(Throwable cause) {
        if (cause instanceof MigrationExecutionException execution) {
            return switch (execution.outcome()) {
                case ROLLED_BACK ->
                    "Fix the statement (or the database) and start again: the migration was rolled back"
                            + " and runs again at the next start.";
                case MARKED_FAILED ->
                    "Fix the statement (or the database). Part of the migration may be committed, so"
                            + " it is marked failed until you check the database and run repair (migrate.mode=exit with"
                            + " migrate.command=repair, or"
                            + " set migrate.retry-failed=true); then start again.";
                case MAY_BE_PARTLY_COMMITTED ->
                    "Fix the statement (or the database), and check the database by hand"
                            + " before starting again: part of the migration may be committed, and marking it failed"
                            + " failed too, so the next start runs it again.";
            };
        }
        if (cause instanceof MigrationParseException) {
            return "Fix the migration file at that line; nothing was applied.";
        }
        if (cause instanceof MigrationPlanException plan) {
            return switch (plan.reason()) {
                case FAILED, DOWN_FAILED ->
                    "Check what " + plan.migration() + " left in the database, fix it or the"
                            + " file, then run repair (migrate.mode=exit with migrate.command=repair, or set"
                            + " migrate.retry-failed=true).";
                case INTERRUPTED ->
                    "The process that ran " + plan.migration() + " died inside a statement that cannot be"
                            + " rolled back (named above). Check what it left in the database and put it right,"
                            + " then run repair (migrate.mode=exit with migrate.command=repair, or set"
                            + " migrate.retry-failed=true).";
                case CHANGED_DURING_RUN ->
                    plan.migration() + " changed while this run used it; start again to"
                            + " apply the file as it is now.";
                case BAD_TARGET -> "Set migrate.target to a migration that exists (and, for down, is applied).";
                case RENAMED ->
                    "Give the renamed file its old name again, or run repair (migrate.mode=exit with"
                            + " migrate.command=repair) to record the new name as applied in place of the old.";
                case DANGEROUS_DDL ->
                    "Rewrite the statements named above in their safer form (or set"
                            + " migrate.ddl.lint=warn to run them anyway).";
                case UNKNOWN_APPLIED, MISSING_FILE, EDITED ->
                    "The history and the migration files disagree. Restore"
                            + " the missing or edited file, or set migrate.ignore-unknown=true /"
                            + " migrate.validate-checksums=false if that is intended.";
            };
        }
        if (cause instanceof LockException lock) {
            return switch (lock.reason()) {
                case TIMED_OUT ->
                    "Another process holds the migration lock (named above). Wait for it or stop it, or"
                            + " raise migrate.lock.timeout.";
                case LOST ->
                    "The migration lease was lost while migrating (it expired or another process took it"
                            + " over); nothing more was recorded. Check the database connection, or raise"
                            + " migrate.lock.lease-time, and start again.";
                case NOT_TAKEN ->
                    "The migration lock could not be taken. Check the database connection and the"
                            + " migrate.lock.* properties.";
            };
        }
        if (cause instanceof MigrationDatabaseException database && database.tablesLocked()) {
            return "Another session holds a lock on the migration tables (named above): end its"
                    + " transaction, or wait for it (VACUUM FULL, an ALTER), then start again; or raise"
                    + " migrate.lock.timeout.";
        }
        if (cause instanceof MigrationConfigurationException configuration) {
            return "Check " + property(configuration.setting()) + ".";
        }
        if (cause instanceof MigrationSourceException) {
            return "Check the migrate.* properties, e.g. migrate.locations.";
        }
        return "Check the database connection and the migrate.* properties.";
    }

    /** The property (or bean) behind one of the core builder's settings. */
    private static String property(String setting) {
        return switch (setting) {
            case "locations" -> "migrate.locations";
            case "table" -> "migrate.table";
            case "schema" -> "migrate.schema";
            case "lockType" -> "migrate.lock.type";
            case "lockKey" -> "migrate.lock.key";
            case "lockTimeout" -> "migrate.lock.timeout";
            case "leaseTime" -> "migrate.lock.lease-time";
            case "connectionCheckInterval" -> "migrate.lock.connection-check-interval";
            case "applicationName" -> "migrate.application-name";
            case "ddlLockTimeout" -> "migrate.ddl.lock-timeout";
            case "ddlRetryBudget" -> "migrate.ddl.retry-budget";
            case "connectRetries" -> "migrate.connect-retries";
            case "connectRetriesInterval" -> "migrate.connect-retries-interval";
            case "dataSource" -> "the database migrate uses (spring.datasource.url, or migrate.url)";
            default -> "the migrate.* properties and your MigratorCustomizer beans";
        };
    }
}
