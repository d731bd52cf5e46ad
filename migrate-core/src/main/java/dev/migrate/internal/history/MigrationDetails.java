package dev.migrate.internal.history;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of migrate's side table: what the Go tool's two columns cannot hold.
 *
 * @param id the migration's file name
 * @param checksum SHA-256 (hex) of the file when it was applied or failed
 * @param executionMillis how long applying took
 * @param appliedBy host/pid of the process that applied it
 * @param state {@link #APPLIED}, {@link #FAILED} or {@link #DOWN_FAILED}
 * @param failedLine for a failure: the failing statement's first line (or, when no statement
 *     failed, the last one that ran)
 * @param message for a failure: what the database said
 * @param updatedAt when this row was written; null when read for planning only
 */
public record MigrationDetails(
        String id,
        @Nullable String checksum,
        @Nullable Long executionMillis,
        @Nullable String appliedBy,
        String state,
        @Nullable Integer failedLine,
        @Nullable String message,
        @Nullable Instant updatedAt) {

    public static final String APPLIED = "applied";
    /** An Up that failed part-way: not applied, waits for repair. */
    public static final String FAILED = "failed";

    /** A Down that failed part-way: still applied (its history row stays), waits for repair. */
    public static final String DOWN_FAILED = "down_failed";

    /** Whether its Up failed part-way. */
    public boolean failed() {
        return FAILED.equals(state);
    }

    /** Whether its Down failed part-way. */
    public boolean downFailed() {
        return DOWN_FAILED.equals(state);
    }
}
