package dev.migrate;

import org.jspecify.annotations.Nullable;

/**
 * The lock a {@link Migrator} uses, and who holds it now.
 *
 * @param type the kind the run resolved (never {@link LockType#AUTO}); its {@link LockType#value()}
 *     is the name people read, e.g. {@code postgres-advisory}
 * @param key what it locks on (advisory key, lock name, lock table row)
 * @param holder the current holder, or null when the lock is free
 */
public record LockInfo(LockType type, String key, @Nullable LockHolder holder) {}
