package dev.migrate;

import dev.migrate.lock.LockSettings;
import dev.migrate.source.MigrationSource;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Runs the operations of a {@link Migrator}: read, plan, lock, re-plan, apply, release. */
final class MigrationRunner {

    private final DataSource dataSource;
    private final MigrationSource source;
    private final MigrationOptions options;
    private final LockSettings lockSettings;

    MigrationRunner(DataSource dataSource, MigrationSource source, MigrationOptions options, LockSettings lock) {
        this.dataSource = dataSource;
        this.source = source;
        this.options = options;
        this.lockSettings = lock;
    }

    MigrateResult up(int limit, @Nullable String target) {
        throw pending();
    }

    MigrateResult down(int count, @Nullable String target) {
        throw pending();
    }

    MigrateResult redo() {
        throw pending();
    }

    MigrateResult skip(int limit) {
        throw pending();
    }

    StatusReport status() {
        throw pending();
    }

    LockInfo lockInfo() {
        throw pending();
    }

    RepairResult repair() {
        throw pending();
    }

    private static IllegalStateException pending() {
        return new IllegalStateException("the engine lands in the next commit");
    }
}
