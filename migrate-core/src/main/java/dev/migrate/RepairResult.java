package dev.migrate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Migrator#repair()} changed.
 *
 * @param clearedFailures failed and interrupted migrations that may run again on the next up
 * @param updatedChecksums applied migrations whose recorded checksum now matches the file
 * @param renamed applied migrations whose file was renamed, old id to new: the history now records
 *     the new name as applied (at the old time), so its SQL does not run again
 */
public record RepairResult(List<String> clearedFailures, List<String> updatedChecksums, Map<String, String> renamed) {

    public RepairResult {
        clearedFailures = List.copyOf(clearedFailures);
        updatedChecksums = List.copyOf(updatedChecksums);
        renamed = Collections.unmodifiableMap(new LinkedHashMap<>(renamed));
    }

    /** A repair that adopted no renamed file. */
    public RepairResult(List<String> clearedFailures, List<String> updatedChecksums) {
        this(clearedFailures, updatedChecksums, Map.of());
    }
}
