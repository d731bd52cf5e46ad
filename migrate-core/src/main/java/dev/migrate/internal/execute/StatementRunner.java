package dev.migrate.internal.execute;

import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.parse.StatementKind;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a migration's statements through one plain JDBC {@link Statement}, as written (JDBC escape
 * processing is off). Inside a transaction, runs of statements that return no rows go as JDBC
 * batches, so a seed file of many inserts costs a round trip per batch, not per statement: plain
 * data changes ({@code INSERT}, {@code UPDATE}, {@code DELETE} without {@code RETURNING}) always,
 * and DDL ({@code CREATE}, {@code ALTER}, {@code DROP}, …) where the database's DDL is
 * transactional. Anything else ({@code SELECT}, {@code WITH}, {@code DO}, …) first sends the
 * batch, then runs on its own.
 *
 * <p>A failure inside a batch still names the failing statement: each batch starts with a {@code
 * SAVEPOINT} and ends with its {@code RELEASE} (in the same round trip), and when the batch fails
 * the runner rolls back to the savepoint and replays the batch one statement at a time, inside
 * the same doomed transaction, until the failing statement fails again on its own. Drivers differ
 * in what a failed batch reports (the PostgreSQL driver marks every entry failed), so the replay
 * is what makes the line exact.
 *
 * <p>Batches are large (up to {@value #MAX_BATCH_STATEMENTS} statements or about a megabyte of
 * SQL) so that even a big seed file makes few savepoints: PostgreSQL tracks at most 64
 * subtransactions of a transaction cheaply, so a migration of more than about 64 MB of batched
 * statements in one transaction makes other sessions' visibility checks slower while it runs.
 */
final class StatementRunner {

    /** Statements per batch at most. */
    static final int MAX_BATCH_STATEMENTS = 5000;

    /** SQL characters per batch at most, so a batch never holds much of a huge file in memory. */
    static final int MAX_BATCH_CHARS = 1 << 20;

    private static final String SAVEPOINT = "migrate_batch";

    private final Statement statement;
    private final StatementCall call;
    private final boolean batching;
    private final boolean batchDdl;
    private final StatementProgress progress;
    private final List<SqlStatement> batch = new ArrayList<>();
    private int batchChars;
    private int executed;

    /**
     * @param statement the statement to send through
     * @param batching whether runs of statements may be batched (only inside a transaction:
     *     without one, each statement must have committed before the next starts)
     * @param batchDdl whether DDL may join a batch (only where DDL is transactional, so that a
     *     failed batch can be rolled back to its savepoint and replayed)
     */
    StatementRunner(Statement statement, boolean batching, boolean batchDdl) throws SQLException {
        this(statement, batching, batchDdl, StatementProgress.NONE);
    }

    /** The same, telling {@code progress} when each statement or batch is sent and returns. */
    StatementRunner(Statement statement, boolean batching, boolean batchDdl, StatementProgress progress)
            throws SQLException {
        this(statement, StatementCall.DIRECT, batching, batchDdl, progress);
    }

    /** The same, sending each statement that runs on its own (not in a batch) through {@code call}. */
    StatementRunner(
            Statement statement, StatementCall call, boolean batching, boolean batchDdl, StatementProgress progress)
            throws SQLException {
        this.statement = statement;
        this.call = call;
        this.batching = batching;
        this.batchDdl = batchDdl;
        this.progress = progress;
        statement.setEscapeProcessing(false);
    }

    /** Runs (or batches) one statement. */
    void run(SqlStatement sql) {
        if (batching && isBatchable(sql.sql(), batchDdl)) {
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
        progress.started(sql, 1);
        try {
            call.execute(statement, sql);
        } catch (SQLException e) {
            throw new StatementFailedException(sql, executed, e);
        } finally {
            progress.finished();
        }
        executed++;
    }

    /** Sends what is batched; call once after the last statement (or {@link #finish} instead). */
    void flush() {
        if (batch.isEmpty()) {
            return;
        }
        progress.started(batch.get(0), batch.size());
        try {
            statement.addBatch("release savepoint " + SAVEPOINT);
            statement.executeBatch();
            executed += batch.size();
        } catch (SQLException e) {
            throw (RuntimeException) replay(e, List.of());
        } finally {
            progress.finished();
            batch.clear();
            batchChars = 0;
            clearBatch();
        }
    }

    /**
     * Sends what is batched and then {@code trailer}, statements of the run's own that return
     * nothing (the history write), in the same round trip: call once after the last statement,
     * instead of {@link #flush}. The trailer goes inside the batch's savepoint, so a failed batch is
     * replayed as {@link #flush} would; a trailer statement that fails is thrown as its own {@link
     * SQLException}, never taken for a failed statement of the migration.
     */
    void finish(List<String> trailer) throws SQLException {
        if (batch.isEmpty()) {
            try {
                for (String sql : trailer) {
                    statement.addBatch(sql);
                }
                statement.executeBatch();
            } catch (SQLException e) {
                throw e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
            } finally {
                clearBatch();
            }
            return;
        }
        progress.started(batch.get(0), batch.size());
        try {
            for (String sql : trailer) {
                statement.addBatch(sql);
            }
            statement.addBatch("release savepoint " + SAVEPOINT);
            statement.executeBatch();
            executed += batch.size();
        } catch (SQLException e) {
            Exception failure = replay(e, trailer);
            if (failure instanceof SQLException trailerFailure) {
                throw trailerFailure;
            }
            throw (RuntimeException) failure;
        } finally {
            progress.finished();
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

    /**
     * Finds the statement that broke the batch: from the driver's per-entry results where it gives
     * them (MariaDB runs on past a failure and marks it), else by rolling back to the batch's
     * savepoint and running the batch again one statement at a time (PostgreSQL marks every entry
     * failed), then the {@code trailer}: a {@link StatementFailedException}, or the {@link
     * SQLException} of a trailer statement that failed on its own.
     */
    private Exception replay(SQLException batchFailure, List<String> trailer) {
        SQLException reported = batchFailure instanceof BatchUpdateException && batchFailure.getNextException() != null
                ? batchFailure.getNextException()
                : batchFailure;
        int marked = markedFailure(batchFailure, !trailer.isEmpty());
        if (marked >= 0) {
            return new StatementFailedException(batch.get(marked), executed + marked, reported);
        }
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
        for (String sql : trailer) {
            try {
                statement.execute(sql);
            } catch (SQLException e) {
                return e;
            }
        }
        return new StatementFailedException(batch.get(0), executed, reported);
    }

    /**
     * The index in {@link #batch} of the one statement the driver marked failed while reporting
     * the others as run; -1 when the driver's results do not say (none, or every entry, marked),
     * or when a {@code trailed} batch's statements all ran and a trailer statement may have failed.
     */
    private int markedFailure(SQLException failure, boolean trailed) {
        if (!(failure instanceof BatchUpdateException batchFailure)) {
            return -1;
        }
        int[] counts = batchFailure.getUpdateCounts();
        // entry 0 is the savepoint, entries 1..n the statements, n+1 the release
        if (counts == null || counts.length < batch.size() + 1) {
            return -1;
        }
        int first = -1;
        boolean someRan = false;
        for (int i = 1; i <= batch.size(); i++) {
            if (counts[i] == Statement.EXECUTE_FAILED) {
                if (first < 0) {
                    first = i - 1;
                }
            } else {
                someRan = true;
            }
        }
        // one statement all marked failed is the culprit, unless a trailer came after it
        return someRan || (batch.size() == 1 && !trailed) ? first : -1;
    }

    private void clearBatch() {
        try {
            statement.clearBatch();
        } catch (SQLException ignored) {
            // the transaction is rolled back by the caller; the statement is closed with it
        }
    }

    /**
     * Whether the statement may join a batch: a single statement (no {@code ;} but the final one,
     * and nothing after it: a driver splits {@code a; b} into two results, which a batch entry may
     * not have) that returns no rows: a plain data change, or (with {@code ddl}) a DDL statement.
     */
    static boolean isBatchable(String sql, boolean ddl) {
        String body = sql.strip();
        if (body.endsWith(";")) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.indexOf(';') >= 0) {
            return false;
        }
        StatementKind kind = StatementKind.of(body);
        if (kind == StatementKind.DATA_CHANGE) {
            return !StatementKind.mayReturnRows(body);
        }
        return ddl && kind == StatementKind.DDL;
    }
}
