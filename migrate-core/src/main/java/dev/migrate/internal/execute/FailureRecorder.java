package dev.migrate.internal.execute;

import dev.migrate.Direction;
import dev.migrate.MigrationExecutionException;
import dev.migrate.internal.history.HistoryRepository;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.redact.SqlRedactor;
import dev.migrate.internal.session.SessionGuard;
import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * What happens after one run of a migration failed: nothing half-applied is recorded as applied,
 * and nothing half-applied is left unmarked. A migration part of which may already be committed
 * (a {@code notransaction} one once a statement ran; a transactional one after a statement the
 * database committed implicitly) is marked failed in the side table, so that no later run repeats
 * it before a person has looked and run repair. Then it builds the error to throw: file, line,
 * the database's message and the statement (passwords hidden), and what stayed applied.
 */
final class FailureRecorder {

    private static final Log log = Log.of(FailureRecorder.class);

    private static final String ROLLED_BACK = "the migration was rolled back; nothing of it was recorded.";

    private final HistoryRepository history;
    private final String appliedBy;
    private final SessionGuard session;

    FailureRecorder(HistoryRepository history, String appliedBy, SessionGuard session) {
        this.history = history;
        this.appliedBy = appliedBy;
        this.session = session;
    }

    /**
     * Records the failure where part of the migration may be committed, and returns what to throw:
     * a {@link MigrationExecutionException} for a failed statement or history write, anything else
     * (an {@link Error}, a {@link dev.migrate.MigrateException}) unchanged. Call after the
     * migration's transaction, if any, was rolled back.
     */
    Throwable failed(
            Connection connection,
            Migration migration,
            Direction direction,
            boolean transactional,
            RunProgress progress,
            Throwable failure) {
        boolean partlyCommitted = transactional ? progress.committedImplicitly() : progress.started();
        if (failure instanceof StatementFailedException statementFailure) {
            SqlStatement statement = statementFailure.statement();
            SQLException cause = statementFailure.getCause();
            String databaseMessage = SqlRedactor.message(String.valueOf(cause.getMessage()), statement.sql());
            int line = statement.line();
            String shown = SqlRedactor.shown(statement.sql(), 200);
            String consequence = consequence(migration, direction, transactional, progress, statementFailure.before());
            @Nullable
            Exception notMarked =
                    partlyCommitted ? record(connection, migration, direction, line, databaseMessage) : null;
            MigrationExecutionException thrown = new MigrationExecutionException(
                    migration.id(),
                    line,
                    shown,
                    databaseMessage,
                    outcome(partlyCommitted, notMarked),
                    consequence,
                    migration.id() + ':' + line + ": statement failed: " + databaseMessage + "\n  statement: " + shown
                            + "\n  " + consequence,
                    databaseMessage.equals(cause.getMessage())
                            ? cause
                            : new SQLException(databaseMessage, cause.getSQLState(), cause.getErrorCode()));
            return suppressing(thrown, notMarked);
        }
        if (failure instanceof MarkFailedException markFailure) {
            SqlStatement statement = markFailure.statement();
            String databaseMessage =
                    SqlRedactor.message(String.valueOf(markFailure.getCause().getMessage()));
            int line = statement.line();
            String shown = SqlRedactor.shown(statement.sql(), 200);
            @Nullable
            Exception notMarked =
                    partlyCommitted ? record(connection, migration, direction, line, databaseMessage) : null;
            String consequence = "it did not run"
                    + (partlyCommitted
                            ? ", but the statements before it may be committed." + markedFailed(direction)
                            : "; " + ROLLED_BACK);
            MigrationExecutionException thrown = new MigrationExecutionException(
                    migration.id(),
                    line,
                    shown,
                    databaseMessage,
                    outcome(partlyCommitted, notMarked),
                    consequence,
                    migration.id() + ':' + line + ": could not mark the migration running before this statement: "
                            + databaseMessage + "\n  statement: " + shown + "\n  " + consequence,
                    markFailure.getCause());
            return suppressing(thrown, notMarked);
        }
        if (failure instanceof SQLException e) {
            int line = progress.currentLine();
            String message = SqlRedactor.message(String.valueOf(e.getMessage()));
            @Nullable
            Exception notMarked = partlyCommitted ? record(connection, migration, direction, line, message) : null;
            MigrationExecutionException thrown = new MigrationExecutionException(
                    migration.id(),
                    0,
                    null,
                    message,
                    outcome(partlyCommitted, notMarked),
                    partlyCommitted ? markedFailed(direction).strip() : ROLLED_BACK,
                    "could not record " + migration.id() + " in the history: " + message
                            + (partlyCommitted ? markedFailed(direction) : ""),
                    SqlRedactor.redacted(e));
            return suppressing(thrown, notMarked);
        }
        if (partlyCommitted) {
            int line = progress.currentLine();
            String reason = SqlRedactor.message(failure.getClass().getSimpleName() + ": " + failure.getMessage());
            log.error(migration.id() + " failed after line " + line + " (" + reason + ")" + markedFailed(direction));
            suppressing(failure, record(connection, migration, direction, line, reason));
        }
        return failure;
    }

    private static MigrationExecutionException.Outcome outcome(boolean partlyCommitted, @Nullable Exception notMarked) {
        if (!partlyCommitted) {
            return MigrationExecutionException.Outcome.ROLLED_BACK;
        }
        return notMarked == null
                ? MigrationExecutionException.Outcome.MARKED_FAILED
                : MigrationExecutionException.Outcome.MAY_BE_PARTLY_COMMITTED;
    }

    private static <T extends Throwable> T suppressing(T thrown, @Nullable Exception suppressed) {
        if (suppressed != null) {
            thrown.addSuppressed(suppressed);
        }
        return thrown;
    }

    /** Marks the migration failed in the side table; returns why that failed, or null. */
    private @Nullable Exception record(
            Connection connection, Migration migration, Direction direction, int line, String reason) {
        try {
            // LOCK TABLES (mysqldump output) outlives the rollback and would refuse the side table.
            session.releaseTableLocks();
            // In a transaction of its own, as the migrating user: a failed migration may have set a role.
            Transactions.inTransaction(connection, () -> {
                session.actAsMigratingUser();
                if (direction == Direction.UP) {
                    history.recordFailed(connection, migration.id(), migration.checksum(), line, reason, appliedBy);
                } else {
                    history.recordDownFailed(connection, migration.id(), line, reason, appliedBy);
                }
                return null;
            });
            return null;
        } catch (SQLException | RuntimeException e) {
            return e;
        }
    }

    /** What became of a migration whose statement failed, for a person (the message's last line). */
    private static String consequence(
            Migration migration, Direction direction, boolean transactional, RunProgress progress, int before) {
        if (!transactional) {
            return migration.id() + (direction == Direction.UP ? "" : " (Down)")
                    + " runs without a transaction: the " + before + " statement" + (before == 1 ? "" : "s")
                    + " before it stayed applied." + markedFailed(direction);
        }
        if (progress.committedImplicitly()) {
            return "this database commits implicitly around DDL, so " + progress.committedStatements()
                    + " may already be committed; the rest was rolled back." + markedFailed(direction);
        }
        return ROLLED_BACK;
    }

    private static String markedFailed(Direction direction) {
        return direction == Direction.UP
                ? " It is marked failed and will not run again until you have checked the database and run repair."
                : " It stays recorded as applied, is marked failed, and its Down will not run again until you have"
                        + " checked the database and run repair.";
    }
}
