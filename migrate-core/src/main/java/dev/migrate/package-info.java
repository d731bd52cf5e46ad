/**
 * migrate: schema migrations in the sql-migrate file format with a distributed lock. Start at
 * {@link dev.migrate.Migrator}.
 */
@NullMarked
package dev.migrate;

import org.jspecify.annotations.NullMarked;
