package dev.migrate.execute;

import dev.migrate.parse.SqlStatement;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Sends a migration's statements through one plain JDBC {@link Statement}. Inside a transaction,
 * runs of plain data changes ({@code INSERT}, {@code UPDATE}, {@code DELETE} without {@code
 * RETURNING}) go as JDBC batches, so a seed file of many inserts costs a round trip per batch,
 * not per statement; anything else (DDL, {@code SELECT}, …) first sends the batch, then runs on
 * its own.
 *
 * <p>A failure inside a batch still names the failing statement: each batch starts with a {@code
 * SAVEPOINT} (in the same round trip), and when the batch fails the runner rolls back to it and
 * replays the batch one statement at a time, inside the same doomed transaction, until the
 * failing statement fails again on its own. Drivers differ in what a failed batch reports (the
 * PostgreSQL driver marks every entry failed), so the replay is what makes the line exact.
 */
final class StatementRunner {

    /** Statements per batch at most. */
    static final int MAX_BATCH_STATEMENTS = 500;

    /** SQL characters per batch at most, so a batch never holds much of a huge file in memory. */
    static final int MAX_BATCH_CHARS = 1 << 20;

    private static final String SAVEPOINT = "migrate_batch";

    private final Statement statement;
    private final boolean batching;
    private final List<SqlStatement> batch = new ArrayList<>();
    private int batchChars;
    private int executed;

    /**
     * @param statement the statement to send through
     * @param batching whether runs of data changes may be batched (only inside a transaction:
     *     without one, each statement must have committed before the next starts)
     */
    StatementRunner(Statement statement, boolean batching) {
        this.statement = statement;
        this.batching = batching;
    }

    /** Runs (or batches) one statement. */
    void run(SqlStatement sql) {
        if (batching && isPlainDataChange(sql.sql())) {
            if (batch.isEmpty()) {
                addBatch(sql, "savepoint " + SAVEPOINT);
            }
            batch.add(sql);
            batchChars += sql.sql().length();
            addBatch(sql, sql.sql());
            if (batch.size() >= MAX_BATCH_STATEMENTS || batchChars >= MAX_BATCH_CHARS) {
                flush();
            }
            return;
        }
        flush();
        try {
            statement.execute(sql.sql());
        } catch (SQLException e) {
            throw new StatementFailedException(sql, executed, e);
        }
        executed++;
    }

    /** Sends what is batched; call once after the last statement. */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        try {
            statement.executeBatch();
            executed += batch.size();
        } catch (SQLException e) {
            throw replay(e);
        } finally {
            batch.clear();
            batchChars = 0;
            clearBatch();
        }
    }

    /** How many statements ran successfully so far. */
    int executed() {
        return executed;
    }

    private void addBatch(SqlStatement sql, String text) {
        try {
            statement.addBatch(text);
        } catch (SQLException e) {
            throw new StatementFailedException(sql, executed, e);
        }
    }

    /** Finds the statement that broke the batch by running the batch again one by one. */
    private StatementFailedException replay(SQLException batchFailure) {
        SQLException reported = batchFailure instanceof BatchUpdateException && batchFailure.getNextException() != null
                ? batchFailure.getNextException()
                : batchFailure;
        try {
            statement.clearBatch();
            statement.execute("rollback to savepoint " + SAVEPOINT);
        } catch (SQLException e) {
            reported.addSuppressed(e);
            return new StatementFailedException(batch.get(0), executed, reported);
        }
        for (int i = 0; i < batch.size(); i++) {
            try {
                statement.execute(batch.get(i).sql());
            } catch (SQLException e) {
                return new StatementFailedException(batch.get(i), executed + i, e);
            }
        }
        return new StatementFailedException(batch.get(0), executed, reported);
    }

    private void clearBatch() {
        try {
            statement.clearBatch();
        } catch (SQLException ignored) {
            // the transaction is rolled back by the caller; the statement is closed with it
        }
    }

    /** Whether the statement is an INSERT, UPDATE or DELETE that returns no rows. */
    static boolean isPlainDataChange(String sql) {
        String word = firstWord(sql);
        if (!word.equals("insert") && !word.equals("update") && !word.equals("delete")) {
            return false;
        }
        return !sql.toLowerCase(Locale.ROOT).contains("returning");
    }

    private static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toLowerCase(Locale.ROOT);
    }
}
