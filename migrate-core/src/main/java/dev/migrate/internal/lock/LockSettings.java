package dev.migrate.internal.lock;

import dev.migrate.LockType;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How to lock a run.
 *
 * @param type which kind; {@link LockType#AUTO} picks from the database
 * @param key the 64-bit PostgreSQL advisory key, or null to derive it from database, schema and
 *     history table (see {@link LockKeys})
 * @param timeout how long to wait for a lock another process holds before failing
 * @param leaseTime for {@link LockType#TABLE_LEASE}: how long a lease lasts without a heartbeat
 * @param connectionCheckInterval for PostgreSQL: {@code client_connection_check_interval} and TCP
 *     keepalive timing on the run's connection, so the server notices a dead client within seconds
 */
public record LockSettings(
        LockType type, @Nullable Long key, Duration timeout, Duration leaseTime, Duration connectionCheckInterval) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_CONNECTION_CHECK_INTERVAL = Duration.ofSeconds(2);

    /** Automatic kind, derived key, the default timeouts. */
    public static LockSettings defaults() {
        return new LockSettings(
                LockType.AUTO, null, DEFAULT_TIMEOUT, DEFAULT_LEASE_TIME, DEFAULT_CONNECTION_CHECK_INTERVAL);
    }
}
