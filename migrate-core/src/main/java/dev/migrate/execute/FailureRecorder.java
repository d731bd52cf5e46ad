package dev.migrate.execute;

import dev.migrate.MigrationExecutionException;
import dev.migrate.history.HistoryRepository;
import dev.migrate.parse.Direction;
import dev.migrate.parse.SqlStatement;
import dev.migrate.plan.Migration;
import dev.migrate.redact.SqlRedactor;
import dev.migrate.session.SessionGuard;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What happens after one run of a migration failed: nothing half-applied is recorded as applied,
 * and nothing half-applied is left unmarked. A migration part of which may already be committed
 * (a {@code notransaction} one once a statement ran; a transactional one after a statement the
 * database committed implicitly) is marked failed in the side table, so that no later run repeats
 * it before a person has looked and run repair. Then it builds the error to throw: file, line,
 * the database's message and the statement (passwords hidden), and what stayed applied.
 */
final class FailureRecorder {

    private static final Log log = LogFactory.getLog(FailureRecorder.class);

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
        Throwable thrown;
        int line;
        String reason;
        if (failure instanceof StatementFailedException statementFailure) {
            SqlStatement statement = statementFailure.statement();
            List<String> secrets = SqlRedactor.secrets(statement.sql());
            SQLException cause = statementFailure.getCause();
            String databaseMessage = SqlRedactor.scrub(String.valueOf(cause.getMessage()), secrets);
            line = statement.line();
            reason = databaseMessage;
            thrown = new MigrationExecutionException(
                    migration.id(),
                    line,
                    statementMessage(migration, direction, transactional, progress, statementFailure, databaseMessage),
                    databaseMessage,
                    databaseMessage.equals(cause.getMessage())
                            ? cause
                            : new SQLException(databaseMessage, cause.getSQLState(), cause.getErrorCode()));
        } else if (failure instanceof SQLException e) {
            line = progress.currentLine();
            reason = String.valueOf(e.getMessage());
            thrown = new MigrationExecutionException(
                    migration.id(),
                    0,
                    "could not record " + migration.id() + " in the history: " + e.getMessage()
                            + (partlyCommitted ? markedFailed(direction) : ""),
                    e.getMessage(),
                    e);
        } else {
            line = progress.currentLine();
            reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
            if (partlyCommitted) {
                log.error(
                        migration.id() + " failed after line " + line + " (" + reason + ")" + markedFailed(direction));
            }
            thrown = failure;
        }
        if (partlyCommitted) {
            record(connection, migration, direction, line, reason, thrown);
        }
        return thrown;
    }

    private void record(
            Connection connection,
            Migration migration,
            Direction direction,
            int line,
            String reason,
            Throwable thrown) {
        try {
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
        } catch (SQLException | RuntimeException e) {
            thrown.addSuppressed(e);
        }
    }

    private static String statementMessage(
            Migration migration,
            Direction direction,
            boolean transactional,
            RunProgress progress,
            StatementFailedException failure,
            String databaseMessage) {
        SqlStatement statement = failure.statement();
        StringBuilder message = new StringBuilder()
                .append(migration.id())
                .append(':')
                .append(statement.line())
                .append(": statement failed: ")
                .append(databaseMessage)
                .append("\n  statement: ")
                .append(StatementText.shown(statement.sql(), 200));
        if (!transactional) {
            int before = failure.before();
            message.append("\n  ")
                    .append(migration.id())
                    .append(direction == Direction.UP ? "" : " (Down)")
                    .append(" runs without a transaction: the ")
                    .append(before)
                    .append(" statement")
                    .append(before == 1 ? "" : "s")
                    .append(" before it stayed applied.")
                    .append(markedFailed(direction));
        } else if (progress.committedImplicitly()) {
            message.append("\n  this database commits implicitly around DDL, so ")
                    .append(progress.committedStatements())
                    .append(" may already be committed; the rest was rolled back.")
                    .append(markedFailed(direction));
        } else {
            message.append("\n  the migration was rolled back; nothing of it was recorded.");
        }
        return message.toString();
    }

    private static String markedFailed(Direction direction) {
        return direction == Direction.UP
                ? " It is marked failed and will not run again until you have checked the database and run repair."
                : " It stays recorded as applied, is marked failed, and its Down will not run again until you have"
                        + " checked the database and run repair.";
    }
}
