package dev.migrate.boot;

import dev.migrate.DdlLockRetry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Counts the lock retries of the Migrators the auto-configuration builds, each under its
 * Migrator's name, for the {@code migrate.ddl.lock.retries} meter (tagged with that name) and the
 * endpoint (their sum and the latest retry).
 */
final class DdlLockRetries {

    private final Map<String, Count> byMigrator = new ConcurrentHashMap<>();
    private volatile @Nullable DdlLockRetry last;

    /** A new listener for one Migrator's builder; {@link #name} files it under the built Migrator's name. */
    Count newCount() {
        return new Count();
    }

    /** Files {@code count} under {@code migrator}, the name the Migrator was built with. */
    void name(String migrator, Count count) {
        byMigrator.put(migrator, count);
    }

    /** The retries of the Migrator of that name; 0 for one this did not count. */
    long total(String migrator) {
        Count count = byMigrator.get(migrator);
        return count == null ? 0 : count.retries.get();
    }

    /** The retries of every Migrator counted here. */
    long total() {
        return byMigrator.values().stream().mapToLong(c -> c.retries.get()).sum();
    }

    @Nullable
    DdlLockRetry last() {
        return last;
    }

    /** One Migrator's retries, as its builder's retry listener. */
    final class Count implements Consumer<DdlLockRetry> {

        private final AtomicLong retries = new AtomicLong();

        @Override
        public void accept(DdlLockRetry retry) {
            last = retry;
            retries.incrementAndGet();
        }
    }
}
