package dev.migrate.internal.execute;

import dev.migrate.Direction;
import dev.migrate.ExecutedMigration;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.history.HistoryRepository;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.parse.MigrationParser;
import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.session.SessionGuard;
import java.io.IOException;
import java.security.DigestInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one migration on the run's pinned connection. Its statements stream from the file to the
 * database through a plain JDBC {@link Statement} (never a prepared one: {@code ?} and {@code $$}
 * bodies pass untouched).
 *
 * <ul>
 *   <li>Normally one transaction holds the statements and the history write (fenced by the lock),
 *       so any failure ({@link Error}s included) rolls the whole migration back and nothing is
 *       recorded; on a database that commits implicitly around DDL, a failure after such a
 *       statement marks the migration failed instead (see {@link FailureRecorder}).
 *   <li>{@code notransaction}: statements run one by one in auto-commit; the history write follows
 *       in its own fenced transaction. A failure records nothing as applied, marks the migration
 *       failed in the side table and says that the statements before it stayed applied.
 * </ul>
 *
 * <p>Before a statement that cannot be rolled back the migration is marked running ({@link
 * RunningMark}), so that a process killed inside it leaves a mark the next run refuses to run past;
 * once a stop is requested ({@link RunStop}) the statement sent is cancelled and no other starts.
 *
 * <p>The file must still be the one that was planned: it is checked as it streams, before it is
 * recorded, and, where its statements commit as they run, also before it runs (see {@link
 * ContentCheck}).
 */
public final class MigrationExecutor {

    private static final Log log = Log.of(MigrationExecutor.class);

    private final HistoryRepository history;
    private final String appliedBy;
    private final boolean transactionalDdl;
    private final FailureRecorder failures;
    private final StatementProgress statementProgress;
    private final SessionGuard session;
    private final StatementCall call;
    private final RunStop stop;
    private final UpStatementCheck upChecks;

    /**
     * @param history the tables to record in
     * @param appliedBy host/pid for the side table
     * @param transactionalDdl whether the database's DDL is transactional (so DDL may be batched,
     *     and does not commit what came before it)
     * @param progress told of each statement, to report those that run long
     * @param session the pinned connection's guard: history writes happen as the migrating user
     */
    public MigrationExecutor(
            HistoryRepository history,
            String appliedBy,
            boolean transactionalDdl,
            StatementProgress progress,
            SessionGuard session) {
        this(
                history,
                appliedBy,
                transactionalDdl,
                progress,
                session,
                StatementCall.DIRECT,
                new RunStop(),
                UpStatementCheck.NONE);
    }

    /**
     * As above, sending each statement that runs on its own (not in a batch) through {@code call},
     * e.g. the DDL guard that retries a statement that gave up waiting for a lock; {@code stop}
     * cancels the statement sent and starts no other once a stop is requested; {@code upChecks}
     * sees each Up statement before it is sent.
     */
    public MigrationExecutor(
            HistoryRepository history,
            String appliedBy,
            boolean transactionalDdl,
            StatementProgress progress,
            SessionGuard session,
            StatementCall call,
            RunStop stop,
            UpStatementCheck upChecks) {
        this.call = call;
        this.stop = stop;
        this.upChecks = upChecks;
        this.history = history;
        this.appliedBy = appliedBy;
        this.transactionalDdl = transactionalDdl;
        this.failures = new FailureRecorder(history, appliedBy, session);
        this.statementProgress = progress;
        this.session = session;
    }

    /** Applies or undoes the migration and records it; the connection is in auto-commit on return. */
    public ExecutedMigration execute(Connection connection, Migration migration, Direction direction, LockHandle lock) {
        long start = System.nanoTime();
        boolean transactional = !migration.parsed().noTransaction(direction);
        if (!transactional || !transactionalDdl) {
            // what runs here commits as it runs: check the whole file first. A transactional one on
            // a database whose DDL is transactional is checked as it streams, before it commits.
            ContentCheck.beforeRunning(migration);
        }
        RunProgress progress = new RunProgress(!transactionalDdl);
        int statements;
        try {
            RunningMark mark = new RunningMark(history, appliedBy, session, lock, migration, direction, transactional);
            statements = runOnce(connection, migration, direction, lock, start, transactional, progress, mark);
        } catch (Throwable failure) {
            Throwable thrown = failures.failed(connection, migration, direction, transactional, progress, failure);
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) thrown;
        }
        Duration duration = Duration.ofNanos(System.nanoTime() - start);
        log.info((direction == Direction.UP ? "Applied " : "Undid ") + migration.id() + " in " + duration.toMillis()
                + " ms (" + statements + " statement" + (statements == 1 ? "" : "s")
                + (transactional ? "" : ", no transaction") + ")");
        return new ExecutedMigration(migration.id(), direction, duration, statements);
    }

    /**
     * One attempt: the statements and the history write, in one transaction unless the migration
     * says {@code notransaction}. Any failure propagates as it happened (a transaction rolled
     * back); {@link FailureRecorder} decides what it means.
     */
    private int runOnce(
            Connection connection,
            Migration migration,
            Direction direction,
            LockHandle lock,
            long start,
            boolean transactional,
            RunProgress progress,
            RunningMark mark)
            throws SQLException {
        if (transactional) {
            return Transactions.inTransaction(connection, () -> {
                call.transactionStarted(connection);
                return runStatements(
                        connection,
                        migration,
                        direction,
                        true,
                        progress,
                        mark,
                        runner -> recordWithLastBatch(runner, connection, migration, direction, lock, start));
            });
        }
        int count = runStatements(connection, migration, direction, false, progress, mark, StatementRunner::flush);
        Transactions.inTransaction(connection, () -> {
            record(connection, migration, direction, lock, start);
            return null;
        });
        return count;
    }

    /**
     * Streams the statements to the database. Before each statement that cannot be rolled back
     * (every one without a transaction; one that commits implicitly inside one) the migration is
     * marked running (see {@link RunningMark}).
     */
    private int runStatements(
            Connection connection,
            Migration migration,
            Direction direction,
            boolean transactional,
            RunProgress progress,
            RunningMark mark,
            LastBatch last)
            throws SQLException {
        try (Statement statement = connection.createStatement();
                DigestInputStream in =
                        ContentCheck.digesting(migration.resource().open())) {
            statementProgress.migration(migration.id());
            stop.sendingThrough(statement);
            StatementRunner runner =
                    new StatementRunner(statement, call, transactional, transactionalDdl, statementProgress);
            MigrationParser.parse(migration.id(), in, direction, sql -> {
                boolean commits = progress.commits(sql);
                if (commits) {
                    runner.flush(); // a batch failing before it is then not taken for committed
                }
                if (direction == Direction.UP) {
                    upChecks.check(migration.id(), sql);
                }
                stop.beforeStatement(sql, runner.executed());
                if (!transactional || commits) {
                    markRunning(connection, mark, sql);
                }
                progress.starting(sql, commits);
                runner.run(sql);
                progress.ran(sql);
            });
            ContentCheck.afterRunning(migration, in, transactional);
            last.send(runner);
            return runner.executed();
        } catch (IOException e) {
            throw new MigrationSourceException(
                    "could not read " + migration.resource().location() + ": " + e.getMessage(), e);
        } finally {
            stop.sent();
        }
    }

    private static void markRunning(Connection connection, RunningMark mark, SqlStatement sql) {
        try {
            mark.before(connection, sql);
        } catch (SQLException e) {
            throw new MarkFailedException(sql, e);
        }
    }

    /**
     * Sends the last batch of a transactional migration and records it. Where nothing of the
     * history write needs a round trip of its own (DDL is transactional, so nothing committed
     * implicitly; the lock's fence sends nothing; the switch back to the migrating user and the
     * history rows can be written as plain statements) they go in the same batch as the
     * migration's last statements, inside the transaction: one round trip, then the commit.
     * Otherwise the batch is sent and the history written after it, as {@link #record} does.
     */
    private void recordWithLastBatch(
            StatementRunner runner,
            Connection connection,
            Migration migration,
            Direction direction,
            LockHandle lock,
            long start)
            throws SQLException {
        List<String> asUser = direction == Direction.UP ? session.actAsMigratingUserStatements() : null;
        List<String> writes = direction == Direction.UP
                ? history.appliedStatements(
                        migration.id(), migration.checksum(), migration.boundFingerprint(), appliedBy)
                : null;
        if (!transactionalDdl || !lock.fenceSendsNothing() || asUser == null || writes == null) {
            runner.flush();
            record(connection, migration, direction, lock, start);
            return;
        }
        lock.fence(connection); // sends nothing, as asked
        List<String> trailer = new ArrayList<>(asUser);
        trailer.addAll(writes);
        runner.finish(trailer);
    }

    /** What ends a migration's statements: its last batch sent, and for a transactional one its history write. */
    @FunctionalInterface
    private interface LastBatch {
        void send(StatementRunner runner) throws SQLException;
    }

    private void record(Connection connection, Migration migration, Direction direction, LockHandle lock, long start)
            throws SQLException {
        session.actAsMigratingUser(); // a migration's `set role` must not decide who writes the history
        // Fence first: a holder that lost its lease is refused by the fence (a clear error) rather
        // than by the history's primary key, and the lease row stays locked until this commits.
        lock.fence(connection);
        if (direction == Direction.UP) {
            long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
            history.recordApplied(
                    connection, migration.id(), migration.checksum(), migration.boundFingerprint(), millis, appliedBy);
        } else {
            history.recordUndone(connection, migration.id());
        }
    }
}
