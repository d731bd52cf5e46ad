package dev.migrate.internal.execute;

import dev.migrate.internal.parse.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Sends one statement that runs on its own (not in a batch): directly, or, under the DDL guard,
 * again when it gave up waiting for a lock.
 */
@FunctionalInterface
public interface StatementCall {

    /** Sends the statement once. */
    StatementCall DIRECT = (statement, sql) -> statement.execute(sql.sql());

    void execute(Statement statement, SqlStatement sql) throws SQLException;

    /**
     * Called first inside each transaction that holds a migration's statements, before any of them
     * (e.g. for settings that must last only that transaction, {@code SET LOCAL}).
     */
    default void transactionStarted(Connection connection) throws SQLException {}
}
