package dev.migrate.internal.execute;

import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One transaction on a connection that otherwise stays in auto-commit (the run's pinned
 * connection must never keep a transaction open while it waits for a lock or runs a {@code
 * notransaction} migration): commit when the work returns, roll back when anything at all is
 * thrown (an {@link Error} such as {@link OutOfMemoryError} included), and put auto-commit back.
 *
 * <p>Switching auto-commit back on commits an open transaction, so it is only done once the
 * transaction was committed or rolled back. Where even the rollback fails, the connection is
 * aborted instead: the server then ends the session and rolls the transaction back itself, and a
 * pool can never hand out a connection with half a migration waiting to be committed.
 */
public final class Transactions {

    private static final Log log = Log.of(Transactions.class);

    /** Work that runs inside the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private Transactions() {}

    /** Runs {@code work} in one transaction and returns what it returned. */
    public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        boolean ended = false;
        try {
            T result = work.run();
            connection.commit();
            ended = true;
            return result;
        } catch (Throwable e) {
            try {
                connection.rollback();
                ended = true;
            } catch (SQLException | RuntimeException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            if (ended) {
                restoreAutoCommit(connection);
            } else {
                abort(connection);
            }
        }
    }

    private static void restoreAutoCommit(Connection connection) {
        try {
            if (!connection.isClosed()) {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            log.debug("could not restore auto-commit on a failed connection", e);
        }
    }

    private static void abort(Connection connection) {
        log.warn("Aborting the migration connection: its transaction could be neither committed nor rolled back,"
                + " so the database rolls it back when the session ends");
        try {
            connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException e) {
            log.error("Aborting the migration connection failed", e);
        }
    }
}
