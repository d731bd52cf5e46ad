package dev.migrate.internal.plan;

import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import dev.migrate.internal.history.RecordedFingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fingerprints a run should record: for each applied migration this run read and found
 * unchanged (its checksum, computed from its bytes, is the recorded one) whose recorded
 * fingerprint is missing or another (a new image gave its files new times; a row written before
 * fingerprints, or by a repair). Recorded, they let the next run take the checksum without reading
 * the file. A file that was not read this run is left alone: nothing new is known about it. A file
 * this run applies gets its fingerprint with its side row ({@link Migration#boundFingerprint}).
 */
public final class StaleFingerprints {

    private StaleFingerprints() {}

    /** What to record, in migration order; empty when every fingerprint is current. */
    public static List<RecordedFingerprint> find(List<Migration> migrations, HistorySnapshot history) {
        Map<String, MigrationDetails> details = history.details();
        List<RecordedFingerprint> stale = new ArrayList<>();
        for (Migration migration : migrations) {
            String bound = migration.boundFingerprint();
            String checksum = migration.knownChecksum();
            if (bound == null || checksum == null) {
                continue;
            }
            MigrationDetails row = details.get(migration.id());
            if (row == null || !MigrationDetails.APPLIED.equals(row.state()) || !checksum.equals(row.checksum())) {
                continue;
            }
            if (!bound.equals(row.fingerprint())) {
                stale.add(new RecordedFingerprint(migration.id(), checksum, bound));
            }
        }
        return stale;
    }
}
