package dev.migrate.internal.plan;

import dev.migrate.internal.history.AppliedRow;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applied migrations whose file was renamed: an applied id the source lacks, whose checksum
 * recorded in the side table equals that of a pending file, is that file under its old name. Left
 * alone, the old id would count as unknown or future and the new name as pending, and its SQL would
 * run a second time; so planning refuses it, and {@code repair} records the new name in place of
 * the old one. Only migrate's side table keeps checksums: a migration the Go tool applied (no side
 * row) cannot be recognised.
 */
public final class Renames {

    private Renames() {}

    /**
     * Old id to the pending migration it was renamed to, in the history's order; empty when every
     * applied id is in the source (the common case, which costs one look-up per applied id).
     */
    public static Map<String, Migration> find(List<Migration> migrations, HistorySnapshot history) {
        Set<String> ids = new HashSet<>();
        migrations.forEach(m -> ids.add(m.id()));
        Map<String, Migration> renamed = new LinkedHashMap<>();
        Map<String, Migration> pendingByChecksum = null;
        for (AppliedRow applied : history.applied()) {
            if (ids.contains(applied.id())) {
                continue;
            }
            String checksum = history.details(applied.id())
                    .filter(details -> !details.failed())
                    .map(MigrationDetails::checksum)
                    .orElse(null);
            if (checksum == null) {
                continue;
            }
            if (pendingByChecksum == null) {
                pendingByChecksum = pendingByChecksum(migrations, history);
            }
            Migration pending = pendingByChecksum.get(checksum);
            if (pending != null) {
                renamed.put(applied.id(), pending);
            }
        }
        return renamed;
    }

    /** The first pending migration of each checksum, in migration order. */
    private static Map<String, Migration> pendingByChecksum(List<Migration> migrations, HistorySnapshot history) {
        Set<String> applied = new HashSet<>();
        history.applied().forEach(row -> applied.add(row.id()));
        Map<String, Migration> byChecksum = new HashMap<>();
        for (Migration migration : migrations) {
            if (!applied.contains(migration.id())) {
                byChecksum.putIfAbsent(migration.checksum(), migration);
            }
        }
        return byChecksum;
    }

    /** What a person reads about one rename: what it is, and the two ways out. */
    public static String describe(String oldId, String newId) {
        return "applied migration " + oldId + " is not among the migrations found, but the pending " + newId
                + " has the very checksum recorded for " + oldId + ": the file was renamed after it was applied,"
                + " and running " + newId + " would apply its SQL a second time. Give the file its old name ("
                + oldId + ") again, or run repair to record " + newId + " as applied in place of " + oldId;
    }
}
