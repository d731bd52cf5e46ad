package dev.migrate;

import dev.migrate.parse.Direction;
import java.time.Duration;

/**
 * One migration a run applied (or undid, or skipped).
 *
 * @param id the file name
 * @param direction up or down
 * @param duration how long its statements and history write took
 * @param statements how many statements ran (0 for a skip)
 */
public record ExecutedMigration(String id, Direction direction, Duration duration, int statements) {}
