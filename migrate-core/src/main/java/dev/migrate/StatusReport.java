package dev.migrate;

import java.util.List;

/**
 * Every migration the source and the history know, in migration order, and the lock.
 *
 * @param migrations applied, failed, unknown and pending, ordered by id as migrations are
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

    public List<MigrationInfo> unknown() {
        return in(MigrationState.UNKNOWN);
    }

    private List<MigrationInfo> in(MigrationState state) {
        return migrations.stream().filter(m -> m.state() == state).toList();
    }
}
