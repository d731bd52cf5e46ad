package dev.migrate.boot;

import dev.migrate.DdlLockRetry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Counts the auto-configured Migrator's lock retries as they happen, for the {@code
 * migrate.ddl.lock.retries} meter and the endpoint.
 */
final class DdlLockRetries implements Consumer<DdlLockRetry> {

    private final AtomicLong total = new AtomicLong();
    private volatile @Nullable DdlLockRetry last;

    @Override
    public void accept(DdlLockRetry retry) {
        last = retry;
        total.incrementAndGet();
    }

    long total() {
        return total.get();
    }

    @Nullable
    DdlLockRetry last() {
        return last;
    }
}
