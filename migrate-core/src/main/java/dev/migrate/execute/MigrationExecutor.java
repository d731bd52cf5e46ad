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

    /**
     * @param history the tables to record in
     * @param appliedBy host/pid for the side table
     */
    public MigrationExecutor(HistoryRepository history, String appliedBy) {
        this.history = history;
        this.appliedBy = appliedBy;
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
        connection.setAutoCommit(false);
        try {
            int count = runStatements(connection, migration, direction);
            record(connection, migration, direction, lock, start);
            connection.commit();
            return count;
        } catch (RuntimeException | SQLException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection);
        }
    }

    private int withoutTransaction(
            Connection connection, Migration migration, Direction direction, LockHandle lock, long start)
            throws SQLException {
        int count;
        try {
            count = runStatements(connection, migration, direction);
        } catch (StatementFailed failed) {
            MigrationExecutionException error = failed.toException(migration, true);
            markFailed(connection, migration, failed, error);
            throw error;
        }
        connection.setAutoCommit(false);
        try {
            record(connection, migration, direction, lock, start);
            connection.commit();
        } catch (RuntimeException | SQLException e) {
            rollbackQuietly(connection, e);
            throw e;
        } finally {
            restoreAutoCommit(connection);
        }
        return count;
    }

    private int runStatements(Connection connection, Migration migration, Direction direction) throws SQLException {
        int[] count = {0};
        try (Statement statement = connection.createStatement();
                InputStream in = migration.resource().open()) {
            MigrationParser.parse(migration.id(), in, direction, sql -> {
                run(statement, sql, count[0]);
                count[0]++;
            });
        } catch (IOException e) {
            throw new MigrationSourceException(
                    "could not read " + migration.resource().location() + ": " + e.getMessage(), e);
        } catch (StatementFailed failed) {
            if (!migration.parsed().noTransaction(direction)) {
                throw failed.toException(migration, false);
            }
            throw failed;
        }
        return count[0];
    }

    private static void run(Statement statement, SqlStatement sql, int before) {
        try {
            statement.execute(sql.sql());
        } catch (SQLException e) {
            throw new StatementFailed(sql, before, e);
        }
    }

    private void record(Connection connection, Migration migration, Direction direction, LockHandle lock, long start)
            throws SQLException {
        if (direction == Direction.UP) {
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            history.recordApplied(connection, migration.id(), migration.checksum(), millis, appliedBy);
        } else {
            history.recordUndone(connection, migration.id());
        }
        lock.fence(connection);
    }

    private void markFailed(
            Connection connection, Migration migration, StatementFailed failed, MigrationExecutionException error) {
        try {
            history.recordFailed(
                    connection,
                    migration.id(),
                    migration.checksum(),
                    failed.statement.line(),
                    String.valueOf(failed.getCause().getMessage()),
                    appliedBy);
        } catch (SQLException | RuntimeException e) {
            error.addSuppressed(e);
        }
    }

    private static void rollbackQuietly(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
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

    /** A statement the database refused, carried out of the parser's sink. */
    private static final class StatementFailed extends RuntimeException {

        private final SqlStatement statement;
        private final int before;

        StatementFailed(SqlStatement statement, int before, SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.statement = statement;
            this.before = before;
        }

        MigrationExecutionException toException(Migration migration, boolean noTransaction) {
            String databaseMessage = getCause().getMessage();
            StringBuilder message = new StringBuilder()
                    .append(migration.id())
                    .append(':')
                    .append(statement.line())
                    .append(": statement failed: ")
                    .append(databaseMessage)
                    .append("\n  statement: ")
                    .append(abbreviate(statement.sql()));
            if (noTransaction) {
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
                    migration.id(), statement.line(), message.toString(), databaseMessage, getCause());
        }

        private static String abbreviate(String sql) {
            String oneLine = sql.strip().replaceAll("\\s+", " ");
            return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
        }
    }
}
