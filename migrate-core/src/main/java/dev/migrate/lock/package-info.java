/**
 * The migration locks (PostgreSQL advisory, MySQL named, table lease, none), how they wait,
 * and how their keys are derived ({@link dev.migrate.lock.LockKeys}).
 */
@NullMarked
package dev.migrate.lock;

import org.jspecify.annotations.NullMarked;
