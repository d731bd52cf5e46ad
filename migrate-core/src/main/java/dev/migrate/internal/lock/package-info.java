/**
 * The migration locks (PostgreSQL advisory, MySQL named, table lease, none), how they wait,
 * and how their keys are derived ({@link dev.migrate.internal.lock.LockKeys}).
 */
@NullMarked
package dev.migrate.internal.lock;

import org.jspecify.annotations.NullMarked;
