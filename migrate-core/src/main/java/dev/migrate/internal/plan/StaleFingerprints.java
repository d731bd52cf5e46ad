package dev.migrate.internal.plan;

import dev.migrate.ExecutedMigration;
import dev.migrate.internal.checksum.Fingerprint;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import dev.migrate.internal.history.RecordedFingerprint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fingerprints a run should record: for each applied migration this run read and found
 * unchanged (its checksum, computed from its bytes, is the recorded one) whose recorded
 * fingerprint is missing or another (a new image gave its files new times; a row written before
 * fingerprints, or by a repair). Recorded, they let the next run take the checksum without reading
 * the file. A file that was not read this run is left alone: nothing new is known about it.
 */
public final class StaleFingerprints {

    private StaleFingerprints() {}

    /** What to record, in migration order; empty when every fingerprint is current. */
    public static List<RecordedFingerprint> find(List<Migration> migrations, HistorySnapshot history) {
        Map<String, MigrationDetails> details = history.details();
        List<RecordedFingerprint> stale = new ArrayList<>();
        for (Migration migration : migrations) {
            String fingerprint = migration.fingerprint();
            String checksum = migration.knownChecksum();
            if (fingerprint == null || checksum == null) {
                continue;
            }
            MigrationDetails row = details.get(migration.id());
            if (row == null || !MigrationDetails.APPLIED.equals(row.state()) || !checksum.equals(row.checksum())) {
                continue;
            }
            String bound = Fingerprint.bound(fingerprint, checksum);
            if (!bound.equals(row.fingerprint())) {
                stale.add(new RecordedFingerprint(migration.id(), checksum, bound));
            }
        }
        return stale;
    }

    /**
     * The fingerprints of the steps this run just applied (their side rows have none yet).
     *
     * @param steps the plan's steps
     * @param executed what ran of them
     */
    public static List<RecordedFingerprint> ofApplied(List<Migration> steps, List<ExecutedMigration> executed) {
        Set<String> applied = new HashSet<>();
        executed.forEach(e -> applied.add(e.id()));
        List<RecordedFingerprint> fresh = new ArrayList<>();
        for (Migration migration : steps) {
            if (!applied.contains(migration.id())) {
                continue;
            }
            String fingerprint = migration.fingerprint();
            String checksum = migration.knownChecksum();
            if (fingerprint != null && checksum != null) {
                fresh.add(new RecordedFingerprint(migration.id(), checksum, Fingerprint.bound(fingerprint, checksum)));
            }
        }
        return fresh;
    }
}
