package dev.migrate.history;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A row of migrate's side table: what the Go tool's two columns cannot hold.
 *
 * @param id the migration's file name
 * @param checksum SHA-256 (hex) of the file when it was applied or failed
 * @param executionMillis how long applying took
 * @param appliedBy host/pid of the process that applied it
 * @param state {@link #APPLIED} or {@link #FAILED}
 * @param failedLine for a failure: the failing statement's first line
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
    public static final String FAILED = "failed";

    public boolean failed() {
        return FAILED.equals(state);
    }
}
