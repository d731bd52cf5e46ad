package dev.migrate.boot;

import static dev.migrate.boot.PropertyNames.of;

import dev.migrate.LockException;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationDatabaseException;
import dev.migrate.MigrationExecutionException;
import dev.migrate.MigrationParseException;
import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationSourceException;
import org.jspecify.annotations.Nullable;

/**
 * What a person can do about a failed run, in the words of a Spring Boot user: the {@code
 * migrate.*} properties ({@link PropertyNames}) where the core's message names builder settings.
 * The advice follows the exception's type and data (for a failed statement, its {@linkplain
 * MigrationExecutionException#outcome() outcome}), never its message's wording. The failure
 * analyzer shows it under "Action"; exit mode prints it under the failure.
 */
final class FailureAdvice {

    private static final String REPAIR = "migrate.mode=exit with migrate.command=repair";

    private FailureAdvice() {}

    static String forFailure(@Nullable Throwable cause) {
        if (cause instanceof MigrationExecutionException execution) {
            return switch (execution.outcome()) {
                case ROLLED_BACK ->
                    "Fix the statement (or the database) and start again: the migration was rolled back"
                            + " and runs again at the next start.";
                case MARKED_FAILED ->
                    "Fix the statement (or the database). Part of the migration may be committed, so"
                            + " it is marked failed until you check the database and run repair (" + REPAIR + ", or"
                            + " set " + of("retryFailed") + "=true); then start again.";
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
                            + " file, then run repair (" + REPAIR + ", or set " + of("retryFailed") + "=true).";
                case INTERRUPTED ->
                    "The process that ran " + plan.migration() + " died inside a statement that cannot be"
                            + " rolled back (named above). Check what it left in the database and put it right,"
                            + " then run repair (" + REPAIR + ", or set " + of("retryFailed") + "=true).";
                case CHANGED_DURING_RUN ->
                    plan.migration() + " changed while this run used it; start again to"
                            + " apply the file as it is now.";
                case BAD_TARGET -> "Set migrate.target to a migration that exists (and, for down, is applied).";
                case RENAMED ->
                    "Give the renamed file its old name again, or run repair (" + REPAIR + ") to record the new"
                            + " name as applied in place of the old.";
                case DANGEROUS_DDL ->
                    "Rewrite the statements named above in their safer form (or set " + of("ddlLint")
                            + "=warn to run them anyway).";
                case UNKNOWN_APPLIED, MISSING_FILE, EDITED ->
                    "The history and the migration files disagree. Restore the missing or edited file, or set "
                            + of("ignoreUnknown") + "=true / " + of("validateChecksums")
                            + "=false if that is intended.";
            };
        }
        if (cause instanceof LockException lock) {
            return switch (lock.reason()) {
                case TIMED_OUT ->
                    "Another process holds the migration lock (named above). Wait for it or stop it, or" + " raise "
                            + of("lockTimeout") + ".";
                case LOST ->
                    "The migration lease was lost while migrating (it expired or another process took it"
                            + " over); nothing more was recorded. Check the database connection, or raise "
                            + of("leaseTime") + ", and start again.";
                case NOT_TAKEN ->
                    "The migration lock could not be taken. Check the database connection and the"
                            + " migrate.lock.* properties.";
            };
        }
        if (cause instanceof MigrationDatabaseException database && database.tablesLocked()) {
            return "Another session holds a lock on the migration tables (named above): end its"
                    + " transaction, or wait for it (VACUUM FULL, an ALTER), then start again; or raise "
                    + of("lockTimeout") + ".";
        }
        if (cause instanceof MigrationConfigurationException configuration) {
            return "Check " + property(configuration.setting()) + ".";
        }
        if (cause instanceof MigrationSourceException) {
            return "Check the migrate.* properties, e.g. " + of("locations") + ".";
        }
        return "Check the database connection and the migrate.* properties.";
    }

    /** The property (or bean) behind one of the core builder's settings. */
    private static String property(String setting) {
        String property = PropertyNames.find(setting);
        if (property != null) {
            return property;
        }
        return setting.equals("dataSource")
                ? "the database migrate uses (spring.datasource.url, or migrate.url)"
                : "the migrate.* properties and your MigratorCustomizer beans";
    }
}
