package dev.migrate.execute;

import dev.migrate.ExecutedMigration;
import dev.migrate.MigrationExecutionException;
import dev.migrate.MigrationSourceException;
import dev.migrate.history.HistoryRepository;
import dev.migrate.lock.LockHandle;
import dev.migrate.parse.Direction;
import dev.migrate.parse.MigrationParser;
import dev.migrate.parse.SqlStatement;
import dev.migrate.plan.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs one migration on the run's pinned connection. Its statements stream from the file to the
 * database through a plain JDBC {@link Statement} (never a prepared one: {@code ?} and {@code $$}
 * bodies pass untouched).
 *
 * <ul>
 *   <li>Normally one transaction holds the statements and the history write (fenced by the lock),
 *       so a failure rolls the whole migration back and nothing is recorded.
 *   <li>{@code notransaction}: statements run one by one in auto-commit; the history write follows
 *       in its own fenced transaction. A failure records nothing as applied, marks the migration
 *       failed in the side table and says that the statements before it stayed applied.
 * </ul>
 */
public final class MigrationExecutor {

    private static final Log log = LogFactory.getLog(MigrationExecutor.class);

    private final HistoryRepository history;
    private final String appliedBy;
    private final boolean transactionalDdl;

    /**
     * @param history the tables to record in
     * @param appliedBy host/pid for the side table
     * @param transactionalDdl whether the database's DDL is transactional (so DDL may be batched)
     */
    public MigrationExecutor(HistoryRepository history, String appliedBy, boolean transactionalDdl) {
        this.history = history;
        this.appliedBy = appliedBy;
        this.transactionalDdl = transactionalDdl;
    }

    /** Applies or undoes the migration and records it; the connection is in auto-commit on return. */
    public ExecutedMigration execute(Connection connection, Migration migration, Direction direction, LockHandle lock) {
        long start = System.nanoTime();
        boolean transactional = !migration.parsed().noTransaction(direction);
        int statements;
        try {
            if (transactional) {
                statements = inTransaction(connection, migration, direction, lock, start);
            } else {
                statements = withoutTransaction(connection, migration, direction, lock, start);
            }
        } catch (SQLException e) {
            throw new MigrationExecutionException(
                    migration.id(),
                    0,
                    "could not record " + migration.id() + " in the history: " + e.getMessage(),
                    e.getMessage(),
                    e);
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        log.info((direction == Direction.UP ? "Applied " : "Undid ") + migration.id() + " in " + duration.toMillis()
                + " ms (" + statements + " statement" + (statements == 1 ? "" : "s")
                + (transactional ? "" : ", no transaction") + ")");
        return new ExecutedMigration(migration.id(), direction, duration, statements);
    }

    private int inTransaction(
            Connection connection, Migration migration, Direction direction, LockHandle lock, long start)
            throws SQLException {
        return Transactions.inTransaction(connection, () -> {
            int count = runStatements(connection, migration, direction);
            record(connection, migration, direction, lock, start);
            return count;
        });
    }

    private int withoutTransaction(
            Connection connection, Migration migration, Direction direction, LockHandle lock, long start)
            throws SQLException {
        int count;
        try {
            count = runStatements(connection, migration, direction);
        } catch (StatementFailedException failed) {
            MigrationExecutionException error = toException(failed, migration, true);
            markFailed(connection, migration, failed, error);
            throw error;
        }
        Transactions.inTransaction(connection, () -> {
            record(connection, migration, direction, lock, start);
            return null;
        });
        return count;
    }

    private int runStatements(Connection connection, Migration migration, Direction direction) throws SQLException {
        boolean transactional = !migration.parsed().noTransaction(direction);
        try (Statement statement = connection.createStatement();
                InputStream in = migration.resource().open()) {
            StatementRunner runner = new StatementRunner(statement, transactional, transactionalDdl);
            MigrationParser.parse(migration.id(), in, direction, runner::run);
            runner.flush();
            return runner.executed();
        } catch (IOException e) {
            throw new MigrationSourceException(
                    "could not read " + migration.resource().location() + ": " + e.getMessage(), e);
        } catch (StatementFailedException failed) {
            if (transactional) {
                throw toException(failed, migration, false);
            }
            throw failed;
        }
    }

    private void record(Connection connection, Migration migration, Direction direction, LockHandle lock, long start)
            throws SQLException {
        // Fence first: a holder that lost its lease is refused by the fence (a clear error) rather
        // than by the history's primary key, and the lease row stays locked until this commits.
        lock.fence(connection);
        if (direction == Direction.UP) {
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            history.recordApplied(connection, migration.id(), migration.checksum(), millis, appliedBy);
        } else {
            history.recordUndone(connection, migration.id());
        }
    }

    private void markFailed(
            Connection connection,
            Migration migration,
            StatementFailedException failed,
            MigrationExecutionException error) {
        try {
            history.recordFailed(
                    connection,
                    migration.id(),
                    migration.checksum(),
                    failed.statement().line(),
                    String.valueOf(failed.getCause().getMessage()),
                    appliedBy);
        } catch (SQLException | RuntimeException e) {
            error.addSuppressed(e);
        }
    }

    private static MigrationExecutionException toException(
            StatementFailedException failed, Migration migration, boolean noTransaction) {
        SqlStatement statement = failed.statement();
        String databaseMessage = failed.getCause().getMessage();
        StringBuilder message = new StringBuilder()
                .append(migration.id())
                .append(':')
                .append(statement.line())
                .append(": statement failed: ")
                .append(databaseMessage)
                .append("\n  statement: ")
                .append(abbreviate(statement.sql()));
        if (noTransaction) {
            int before = failed.before();
            message.append("\n  ")
                    .append(migration.id())
                    .append(" runs without a transaction: the ")
                    .append(before)
                    .append(" statement")
                    .append(before == 1 ? "" : "s")
                    .append(" before it stayed applied. It is marked failed and will not run again until"
                            + " you have checked the database and run repair.");
        } else {
            message.append("\n  the migration was rolled back; nothing of it was recorded.");
        }
        return new MigrationExecutionException(
                migration.id(), statement.line(), message.toString(), databaseMessage, failed.getCause());
    }

    private static String abbreviate(String sql) {
        String oneLine = sql.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
    }
}
