package dev.migrate.internal.run;

import dev.migrate.Direction;
import dev.migrate.ExecutedMigration;
import dev.migrate.internal.ddl.DdlRetry;
import dev.migrate.internal.execute.MigrationExecutor;
import dev.migrate.internal.execute.Transactions;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.lock.LockOwner;
import dev.migrate.internal.plan.Migration;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What an {@link Operation} does to each migration, under the lock and on its connection: the lock
 * checked first, the migration run through the DDL guard (or recorded without running), the
 * callbacks told. Keeps what was done, in order.
 */
final class LockedSteps implements Operation.Steps {

    private final Operation operation;
    private final RunSession session;
    private final LockHandle handle;
    private final DdlRetry guard;
    private final MigrationExecutor executor;
    private final Callbacks callbacks;
    private final List<ExecutedMigration> executed = new ArrayList<>();

    LockedSteps(
            Operation operation,
            RunSession session,
            LockHandle handle,
            DdlRetry guard,
            MigrationExecutor executor,
            Callbacks callbacks) {
        this.operation = operation;
        this.session = session;
        this.handle = handle;
        this.guard = guard;
        this.executor = executor;
        this.callbacks = callbacks;
    }

    @Override
    public void run(Migration migration, Direction direction) {
        handle.assertHeld();
        heard(guard.migration(
                migration, direction, () -> executor.execute(session.connection(), migration, direction, handle)));
    }

    @Override
    public void skip(Migration migration) throws SQLException {
        handle.assertHeld();
        Transactions.inTransaction(session.connection(), () -> {
            handle.fence(session.connection());
            session.history()
                    .recordApplied(
                            session.connection(),
                            migration.id(),
                            migration.checksum(),
                            migration.boundFingerprint(),
                            0,
                            LockOwner.thisProcess());
            return null;
        });
        OperatorLog.skipped(migration.id());
        heard(new ExecutedMigration(migration.id(), Direction.UP, Duration.ZERO, 0));
    }

    /** What was run or recorded so far, in order. */
    List<ExecutedMigration> executed() {
        return executed;
    }

    /** Keeps {@code migration} and tells the callbacks that it ran and was recorded. */
    private void heard(ExecutedMigration migration) {
        callbacks.afterMigration(operation.heard(), migration);
        executed.add(migration);
    }
}
