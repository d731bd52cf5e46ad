package dev.migrate.execute;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One transaction on a connection that otherwise stays in auto-commit (the run's pinned
 * connection must never keep a transaction open while it waits for a lock or runs a {@code
 * notransaction} migration): commit when the work returns, roll back when it throws, and put
 * auto-commit back either way.
 */
public final class Transactions {

    private static final Log log = LogFactory.getLog(Transactions.class);

    /** Work that runs inside the transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private Transactions() {}

    /** Runs {@code work} in one transaction and returns what it returned. */
    public static <T> T inTransaction(Connection connection, Work<T> work) throws SQLException {
        connection.setAutoCommit(false);
        try {
            T result = work.run();
            connection.commit();
            return result;
        } catch (RuntimeException | SQLException e) {
            try {
                connection.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            try {
                if (!connection.isClosed()) {
                    connection.setAutoCommit(true);
                }
            } catch (SQLException e) {
                log.debug("could not restore auto-commit on a failed connection", e);
            }
        }
    }
}
