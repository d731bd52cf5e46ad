package dev.migrate;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A run of a {@link Migrator} waiting for the migration lock that another session holds (another
 * replica, a hook Job, a person's session).
 *
 * @param lock the lock's kind and key, as people read it ({@code postgres-advisory 42})
 * @param since when this run started waiting
 * @param holder who held the lock when the wait began, as the database tells it; null when it
 *     cannot tell (the lock was released in between, or looking it up failed)
 */
public record LockWait(String lock, Instant since, @Nullable LockHolder holder) {}
