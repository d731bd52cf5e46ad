package dev.migrate.history;

import java.time.Instant;

/**
 * A row of the sql-migrate history table.
 *
 * @param id the migration's file name
 * @param appliedAt when it was applied
 */
public record AppliedMigration(String id, Instant appliedAt) {}
