package dev.migrate;

/**
 * The migrations found and the history disagree: an applied migration the source no longer
 * has, an applied file that was edited, a failed migration waiting for repair, a bad target.
 */
public final class MigrationPlanException extends MigrateException {

    public MigrationPlanException(String message) {
        super(message);
    }
}
