package dev.migrate.internal.run;

import dev.migrate.RepairResult;
import dev.migrate.internal.execute.Transactions;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.lock.LockOwner;
import dev.migrate.internal.lock.MigrationLock;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.Renames;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link dev.migrate.Migrator#repair()}: under the lock, records a renamed applied file under its
 * new name (see {@link Renames}), clears every failure mark and every running mark (Up or Down;
 * under the lock a running mark's holder is dead) so the next run may run those migrations again,
 * and records the current checksum of every applied file whose recorded one differs, in one
 * transaction.
 */
final class Repair {

    private static final Log log = Log.named(OperatorLog.NAME);

    private Repair() {}

    static RepairResult run(List<Migration> migrations, RunSession session) throws SQLException {
        MigrationLock lock = session.lock();
        try (LockHandle handle = lock.acquire(session.connection())) {
            session.history().createTables(session.connection());
            HistorySnapshot history = session.history().read(session.connection());
            List<String> cleared = new ArrayList<>();
            List<String> updated = new ArrayList<>();
            Map<String, String> renamed = new LinkedHashMap<>();
            Transactions.inTransaction(session.connection(), () -> {
                for (Map.Entry<String, Migration> rename :
                        Renames.find(migrations, history).entrySet()) {
                    session.history()
                            .recordRenamed(
                                    session.connection(),
                                    rename.getKey(),
                                    rename.getValue().id());
                    renamed.put(rename.getKey(), rename.getValue().id());
                }
                for (MigrationDetails details : history.details().values()) {
                    if (details.failed() || details.downFailed() || details.runningMark()) {
                        session.history().clearFailure(session.connection(), details.id());
                        cleared.add(details.id());
                    }
                }
                for (Migration migration : migrations) {
                    if (history.applied(migration.id()).isEmpty() || renamed.containsValue(migration.id())) {
                        continue;
                    }
                    MigrationDetails details = history.details(migration.id()).orElse(null);
                    String recorded = details == null ? null : details.checksum();
                    if (recorded == null || !migration.hasChecksum(recorded, details.fingerprint())) {
                        session.history()
                                .updateChecksum(
                                        session.connection(),
                                        migration.id(),
                                        migration.checksum(),
                                        LockOwner.thisProcess());
                        updated.add(migration.id());
                    }
                }
                handle.fence(session.connection());
                return null;
            });
            renamed.forEach((from, to) -> log.info("Repair: recorded " + to + " as applied in place of " + from
                    + " (the same file, renamed); it will not run again"));
            cleared.forEach(id -> log.info("Repair: cleared the failure of " + id + "; the next run may run it again"));
            updated.forEach(id -> log.info("Repair: recorded the current checksum of " + id));
            return new RepairResult(cleared, updated, renamed);
        }
    }
}
