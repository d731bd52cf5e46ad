package dev.migrate.internal.run;

import dev.migrate.DdlLintMode;
import dev.migrate.DdlLockRetry;
import dev.migrate.internal.ddl.DdlSettings;
import java.util.function.Consumer;

/**
 * The settings of a {@link dev.migrate.Migrator} for migrating under live traffic.
 *
 * @param ddl how long statements wait for table locks, and how long a migration keeps retrying
 * @param lint what to do with dangerous DDL in pending PostgreSQL migrations
 * @param retryListener told of each retry
 */
public record LiveTrafficOptions(DdlSettings ddl, DdlLintMode lint, Consumer<DdlLockRetry> retryListener) {

    /** The defaults: the guard on with its default timeout and budget, lint warns, nobody listens. */
    static LiveTrafficOptions defaults() {
        return new LiveTrafficOptions(DdlSettings.defaults(), DdlLintMode.WARN, retry -> {});
    }
}
