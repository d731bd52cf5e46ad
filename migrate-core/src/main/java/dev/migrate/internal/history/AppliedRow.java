package dev.migrate.internal.history;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of the sql-migrate history table.
 *
 * @param id the migration's file name
 * @param appliedAt when it was applied; null when read for planning only
 */
public record AppliedRow(String id, @Nullable Instant appliedAt) {}
