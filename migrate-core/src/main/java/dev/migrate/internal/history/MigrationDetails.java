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
 * @param state {@link #APPLIED}, {@link #FAILED}, {@link #DOWN_FAILED}, {@link #RUNNING} or {@link
 *     #DOWN_RUNNING}
 * @param failedLine for a failure: the failing statement's first line (or, when no statement
 *     failed, the last one that ran); for a running mark: the line of the statement it was written
 *     before
 * @param message for a failure: what the database said; for a running mark: that statement, as
 *     shown in messages (passwords hidden, shortened)
 * @param updatedAt when this row was written; null when read for planning only
 * @param fingerprint the file's {@linkplain dev.migrate.internal.checksum.Fingerprint fingerprint}
 *     bound to the checksum it vouches for, as recorded; null when none is (or the side table has
 *     no such column yet)
 */
public record MigrationDetails(
        String id,
        @Nullable String checksum,
        @Nullable Long executionMillis,
        @Nullable String appliedBy,
        String state,
        @Nullable Integer failedLine,
        @Nullable String message,
        @Nullable Instant updatedAt,
        @Nullable String fingerprint) {

    /** A row without a fingerprint. */
    public MigrationDetails(
            String id,
            @Nullable String checksum,
            @Nullable Long executionMillis,
            @Nullable String appliedBy,
            String state,
            @Nullable Integer failedLine,
            @Nullable String message,
            @Nullable Instant updatedAt) {
        this(id, checksum, executionMillis, appliedBy, state, failedLine, message, updatedAt, null);
    }

    public static final String APPLIED = "applied";
    /** An Up that failed part-way: not applied, waits for repair. */
    public static final String FAILED = "failed";

    /** A Down that failed part-way: still applied (its history row stays), waits for repair. */
    public static final String DOWN_FAILED = "down_failed";

    /**
     * An Up that began a statement that cannot be rolled back (any statement of a {@code
     * notransaction} migration; where DDL commits implicitly, such a statement) and has not ended
     * yet: written and committed before that statement, replaced by the history write or a
     * failure mark. Found by a run that holds the lock, it means its holder died.
     */
    public static final String RUNNING = "running";

    /** The same for a Down: the migration stays applied (its history row stays). */
    public static final String DOWN_RUNNING = "down_running";

    /** Whether its Up failed part-way. */
    public boolean failed() {
        return FAILED.equals(state);
    }

    /** Whether its Down failed part-way. */
    public boolean downFailed() {
        return DOWN_FAILED.equals(state);
    }

    /** Whether it carries a running mark of its Up. */
    public boolean running() {
        return RUNNING.equals(state);
    }

    /** Whether it carries a running mark of its Down. */
    public boolean downRunning() {
        return DOWN_RUNNING.equals(state);
    }

    /** Whether it carries a running mark, Up or Down. */
    public boolean runningMark() {
        return running() || downRunning();
    }
}
