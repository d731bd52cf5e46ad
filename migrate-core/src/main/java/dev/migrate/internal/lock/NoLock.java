package dev.migrate.internal.lock;

import dev.migrate.LockHolder;
import dev.migrate.LockType;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;

/** {@link LockType#NONE}: for deployments where one place migrates (a Helm hook Job, one leader). */
final class NoLock implements MigrationLock, LockHandle {

    static final NoLock INSTANCE = new NoLock();

    private NoLock() {}

    @Override
    public LockType type() {
        return LockType.NONE;
    }

    @Override
    public String key() {
        return "none";
    }

    @Override
    public Optional<LockHandle> acquire(Connection connection, StillNeeded stillNeeded) {
        return Optional.of(this);
    }

    @Override
    public Optional<LockHolder> holder(Connection connection) {
        return Optional.empty();
    }

    @Override
    public Duration waited() {
        return Duration.ZERO;
    }

    @Override
    public void assertHeld() {}

    @Override
    public void fence(Connection connection) {}

    @Override
    public boolean fenceSendsNothing() {
        return true;
    }

    @Override
    public void close() {}
}
