package dev.migrate;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One migration in a {@link StatusReport}.
 *
 * @param id the file name
 * @param state applied, pending, failed, interrupted, running, unknown or future
 * @param appliedAt when it was applied (null unless applied)
 * @param checksum SHA-256 (hex) of the file as applied, or of the file now if pending; null when
 *     the Go tool applied it and the file is gone
 * @param executionTime how long applying took, when migrate applied it
 * @param appliedBy host/pid of the process that applied it, when migrate applied it
 * @param failure for a failed migration: the line and the database's message; for an unknown one
 *     whose file was renamed: the new name and what to do; for an interrupted or running one: the
 *     line and the statement it was running (for a transactional one on a database whose DDL
 *     commits implicitly, the last statement that committed)
 * @see #pending
 * @see #applied
 * @see #marked
 */
public record MigrationInfo(
        String id,
        MigrationState state,
        @Nullable Instant appliedAt,
        @Nullable String checksum,
        @Nullable Duration executionTime,
        @Nullable String appliedBy,
        @Nullable String failure) {

    /** A migration in the source, not applied yet: {@code checksum} is the file's now. */
    public static MigrationInfo pending(String id, String checksum) {
        return new MigrationInfo(id, MigrationState.PENDING, null, checksum, null, null, null);
    }

    /**
     * A migration recorded in the history table; the details are null where the Go tool applied
     * it. {@link #withState} turns it into an unknown, future or failed-Down one.
     */
    public static MigrationInfo applied(
            String id,
            Instant appliedAt,
            @Nullable String checksum,
            @Nullable Duration executionTime,
            @Nullable String appliedBy) {
        return new MigrationInfo(id, MigrationState.APPLIED, appliedAt, checksum, executionTime, appliedBy, null);
    }

    /**
     * A migration not applied whose Up failed part-way, was interrupted or is running now: {@code
     * state} is {@link MigrationState#FAILED}, {@link MigrationState#INTERRUPTED} or {@link
     * MigrationState#RUNNING}, and {@code failure} says where.
     */
    public static MigrationInfo marked(
            String id, MigrationState state, @Nullable String checksum, @Nullable String appliedBy, String failure) {
        return new MigrationInfo(id, state, null, checksum, null, appliedBy, failure);
    }

    /** The same recorded facts in another state, with {@code failure} (or none). */
    public MigrationInfo withState(MigrationState state, @Nullable String failure) {
        return new MigrationInfo(id, state, appliedAt, checksum, executionTime, appliedBy, failure);
    }
}
