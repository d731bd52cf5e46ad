package dev.migrate;

import dev.migrate.ddl.DdlSettings;
import java.util.function.Consumer;

/**
 * The settings of a {@link Migrator} for migrating under live traffic.
 *
 * @param ddl how long statements wait for table locks, and how long a migration keeps retrying
 * @param lint what to do with dangerous DDL in pending PostgreSQL migrations
 * @param retryListener told of each retry
 */
record LiveTrafficOptions(DdlSettings ddl, DdlLintMode lint, Consumer<DdlLockRetry> retryListener) {

    /** The defaults: the guard on with its default timeout and budget, lint warns, nobody listens. */
    static LiveTrafficOptions defaults() {
        return new LiveTrafficOptions(DdlSettings.defaults(), DdlLintMode.WARN, retry -> {});
    }
}
