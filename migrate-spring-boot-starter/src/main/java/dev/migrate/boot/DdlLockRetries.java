package dev.migrate.boot;

import dev.migrate.DdlLockRetry;
import dev.migrate.Migrator;
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
    private volatile String migrator = Migrator.DEFAULT_NAME;

    @Override
    public void accept(DdlLockRetry retry) {
        last = retry;
        total.incrementAndGet();
    }

    /** The name of the Migrator this listens to, for the meter's {@code migrator} tag. */
    String migrator() {
        return migrator;
    }

    void listensTo(String migratorName) {
        this.migrator = migratorName;
    }

    long total() {
        return total.get();
    }

    @Nullable
    DdlLockRetry last() {
        return last;
    }
}
