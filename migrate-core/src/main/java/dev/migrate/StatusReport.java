package dev.migrate;

import java.util.List;

/**
 * Every migration the source and the history know, in migration order, and the lock.
 *
 * @param migrations applied, failed, interrupted, running, unknown, future and pending, ordered by id as migrations are
 * @param lock the lock kind, key and current holder
 */
public record StatusReport(List<MigrationInfo> migrations, LockInfo lock) {

    public StatusReport {
        migrations = List.copyOf(migrations);
    }

    public List<MigrationInfo> applied() {
        return in(MigrationState.APPLIED);
    }

    public List<MigrationInfo> pending() {
        return in(MigrationState.PENDING);
    }

    public List<MigrationInfo> failed() {
        return in(MigrationState.FAILED);
    }

    /** Their process died inside a statement that cannot be rolled back: they wait for repair. */
    public List<MigrationInfo> interrupted() {
        return in(MigrationState.INTERRUPTED);
    }

    /** Being run now, past a statement that cannot be rolled back, by the run holding the lock. */
    public List<MigrationInfo> running() {
        return in(MigrationState.RUNNING);
    }

    public List<MigrationInfo> unknown() {
        return in(MigrationState.UNKNOWN);
    }

    /** Applied by a newer release: newer than every migration the source has. */
    public List<MigrationInfo> future() {
        return in(MigrationState.FUTURE);
    }

    private List<MigrationInfo> in(MigrationState state) {
        return migrations.stream().filter(m -> m.state() == state).toList();
    }
}
