/**
 * DDL under live traffic: statements wait for table locks only briefly ({@code lock_timeout},
 * {@code lock_wait_timeout}), a migration that gave up on a lock is tried again with backoff
 * within a budget, and the sessions that block it are named.
 */
@NullMarked
package dev.migrate.internal.ddl;

import org.jspecify.annotations.NullMarked;
