package dev.migrate.internal.run;

import dev.migrate.MigrationInfo;
import dev.migrate.MigrationState;
import dev.migrate.ValidationReport;
import dev.migrate.internal.history.AppliedRow;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.MigrationOrder;
import dev.migrate.internal.plan.Planner;
import dev.migrate.internal.plan.Renames;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where each migration stands, from the migrations found and a history snapshot: what {@link
 * dev.migrate.Migrator#status()} and {@link dev.migrate.Migrator#validate()} report. Pure: it reads nothing and decides
 * nothing a run does (that is the {@link Planner}'s).
 */
final class StatusAssembly {

    private StatusAssembly() {}

    /**
     * Every migration found and every applied one, in migration order: applied, pending, failed
     * (an Up that failed, or an applied one whose Down failed), and applied ids without a file,
     * future when newer than every migration found, else unknown (also a renamed one, whatever its
     * place: its {@code failure} text names the new name). A migration with a running mark is
     * running while the lock is held and interrupted when it is free.
     *
     * @param lockHeld whether someone held the lock when the history was read (just before)
     */
    static List<MigrationInfo> describe(List<Migration> migrations, HistorySnapshot history, boolean lockHeld) {
        MigrationState marked = lockHeld ? MigrationState.RUNNING : MigrationState.INTERRUPTED;
        Map<String, MigrationInfo> byId = new TreeMap<>(MigrationOrder.INSTANCE);
        String newest = Planner.newest(migrations);
        Map<String, Migration> renamed = Renames.find(migrations, history);
        for (AppliedRow applied : history.applied()) {
            MigrationDetails details = history.details(applied.id()).orElse(null);
            Migration renamedTo = renamed.get(applied.id());
            byId.put(
                    applied.id(),
                    MigrationInfo.applied(
                                    applied.id(),
                                    applied.appliedAt(),
                                    details == null ? null : details.checksum(),
                                    details == null || details.executionMillis() == null
                                            ? null
                                            : Duration.ofMillis(details.executionMillis()),
                                    details == null ? null : details.appliedBy())
                            .withState(
                                    renamedTo == null && Planner.isFuture(newest, applied.id())
                                            ? MigrationState.FUTURE
                                            : MigrationState.UNKNOWN,
                                    renamedTo == null ? null : Renames.describe(applied.id(), renamedTo.id())));
        }
        for (Migration migration : migrations) {
            MigrationInfo applied = byId.get(migration.id());
            MigrationDetails details = history.details(migration.id()).orElse(null);
            if (applied != null && details != null && (details.downFailed() || details.downRunning())) {
                byId.put(
                        migration.id(),
                        applied.withState(
                                details.downFailed() ? MigrationState.FAILED : marked,
                                (details.downFailed() ? "Down failed at line " : "Down " + markedAt(marked))
                                        + details.failedLine() + ": " + details.message()));
                continue;
            }
            if (applied != null) {
                byId.put(migration.id(), applied.withState(MigrationState.APPLIED, null));
                continue;
            }
            if (details != null && (details.failed() || details.running())) {
                byId.put(
                        migration.id(),
                        MigrationInfo.marked(
                                migration.id(),
                                details.failed() ? MigrationState.FAILED : marked,
                                details.checksum(),
                                details.appliedBy(),
                                (details.failed() ? "line " : markedAt(marked)) + details.failedLine() + ": "
                                        + details.message()));
            } else {
                byId.put(migration.id(), MigrationInfo.pending(migration.id(), migration.checksum()));
            }
        }
        return List.copyOf(byId.values());
    }

    private static String markedAt(MigrationState marked) {
        return marked == MigrationState.RUNNING ? "running line " : "interrupted at line ";
    }

    /**
     * What is wrong between the migrations and the history: applied files edited since (a failed
     * one's checksum is not compared, nor one the Go tool applied without a checksum), applied ids
     * without a file that are not future (none with {@code ignoreUnknown}, but for renamed ones),
     * and migrations whose Up or Down failed part-way or was interrupted (a running mark while the
     * lock is free), in migration order.
     */
    static ValidationReport validate(
            List<Migration> migrations, HistorySnapshot history, boolean ignoreUnknown, boolean lockHeld) {
        Map<String, Migration> byId = new TreeMap<>(MigrationOrder.INSTANCE);
        migrations.forEach(m -> byId.put(m.id(), m));
        String newest = Planner.newest(migrations);
        Map<String, Migration> renamed = Renames.find(migrations, history);
        List<String> edited = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (AppliedRow applied : history.applied()) {
            Migration migration = byId.get(applied.id());
            if (migration == null) {
                // a future migration (newer than every file, from a newer release) is no problem; a
                // renamed one is, whatever ignoreUnknown says: its new name would run again
                if (renamed.containsKey(applied.id())) {
                    unknown.add(applied.id());
                } else if (!ignoreUnknown && !Planner.isFuture(newest, applied.id())) {
                    unknown.add(applied.id());
                }
                continue;
            }
            MigrationDetails details = history.details(applied.id()).orElse(null);
            if (details != null
                    && details.checksum() != null
                    && !details.failed()
                    && !migration.hasChecksum(details.checksum(), details.fingerprint())) {
                edited.add(applied.id());
            }
        }
        for (MigrationDetails details : history.details().values()) {
            if (details.failed() || details.downFailed() || (details.runningMark() && !lockHeld)) {
                failed.add(details.id());
            }
        }
        failed.sort(MigrationOrder.INSTANCE);
        return new ValidationReport(edited, unknown, failed);
    }
}
