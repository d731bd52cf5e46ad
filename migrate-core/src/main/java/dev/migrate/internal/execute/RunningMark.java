package dev.migrate.internal.execute;

import dev.migrate.Direction;
import dev.migrate.internal.history.HistoryRepository;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.redact.SqlRedactor;
import dev.migrate.internal.session.SessionGuard;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The running mark of one migration (see {@link dev.migrate.internal.history.MigrationDetails#RUNNING}):
 * written before each statement that cannot be rolled back, naming that statement, so that a
 * holder that dies in it (kill -9, out of memory, a lost node, a lease that ran out) leaves a mark
 * the next holder of the lock refuses to run past. The history write, or a failure mark, replaces
 * it.
 *
 * <ul>
 *   <li>A {@code notransaction} migration: before every statement, in a short transaction of its
 *       own, committed before the statement starts (no transaction stays open while the statement
 *       runs).
 *   <li>A transactional one where DDL commits implicitly (MySQL, MariaDB, H2): before every
 *       statement that commits implicitly, inside the migration's transaction, which that very
 *       statement commits, together with what came before it. Killed before that commit, the
 *       mark is rolled back with everything else; killed after it, the mark is there with the
 *       committed work. The statements after it run uncommitted and are not marked: the mark names
 *       the last statement that committed.
 * </ul>
 *
 * <p>Every mark is fenced like a history write, so a holder that lost its lease writes none and
 * runs nothing more.
 */
final class RunningMark {

    private final HistoryRepository history;
    private final String appliedBy;
    private final SessionGuard session;
    private final LockHandle lock;
    private final Migration migration;
    private final Direction direction;
    private final boolean transactional;

    RunningMark(
            HistoryRepository history,
            String appliedBy,
            SessionGuard session,
            LockHandle lock,
            Migration migration,
            Direction direction,
            boolean transactional) {
        this.history = history;
        this.appliedBy = appliedBy;
        this.session = session;
        this.lock = lock;
        this.migration = migration;
        this.direction = direction;
        this.transactional = transactional;
    }

    /** Marks the migration as running {@code statement}, which cannot be rolled back. */
    void before(Connection connection, SqlStatement statement) throws SQLException {
        if (transactional) {
            // Inside the migration's transaction, which only databases whose DDL commits implicitly
            // reach; there a role a migration set adds privileges, so no switch back is needed.
            write(connection, statement);
            return;
        }
        Transactions.inTransaction(connection, () -> {
            session.actAsMigratingUser();
            write(connection, statement);
            return null;
        });
    }

    private void write(Connection connection, SqlStatement statement) throws SQLException {
        lock.fence(connection);
        String shown = SqlRedactor.shown(statement.sql(), 200);
        if (direction == Direction.UP) {
            history.recordRunning(connection, migration.id(), migration.checksum(), statement.line(), shown, appliedBy);
        } else {
            history.recordDownRunning(connection, migration.id(), statement.line(), shown, appliedBy);
        }
    }
}
