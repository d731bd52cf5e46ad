package dev.migrate.internal.parse;

import dev.migrate.Direction;

/**
 * What parsing a whole file learned about it, without its statements (those stream to a sink).
 *
 * @param id the migration's id (its file name)
 * @param upNoTransaction whether an {@code Up} directive carried {@code notransaction}
 * @param downNoTransaction whether a {@code Down} directive carried {@code notransaction}
 * @param upStatements how many Up statements the file has
 * @param downStatements how many Down statements the file has
 */
public record ParsedMigration(
        String id, boolean upNoTransaction, boolean downNoTransaction, int upStatements, int downStatements) {

    /** Whether the given direction runs without a transaction. */
    public boolean noTransaction(Direction direction) {
        return direction == Direction.UP ? upNoTransaction : downNoTransaction;
    }
}
