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
 */
public record MigrationInfo(
        String id,
        MigrationState state,
        @Nullable Instant appliedAt,
        @Nullable String checksum,
        @Nullable Duration executionTime,
        @Nullable String appliedBy,
        @Nullable String failure) {}
