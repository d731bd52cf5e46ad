package dev.migrate;

import java.util.List;

/**
 * What {@link Migrator#repair()} changed.
 *
 * @param clearedFailures failed migrations that may run again on the next up
 * @param updatedChecksums applied migrations whose recorded checksum now matches the file
 */
public record RepairResult(List<String> clearedFailures, List<String> updatedChecksums) {

    public RepairResult {
        clearedFailures = List.copyOf(clearedFailures);
        updatedChecksums = List.copyOf(updatedChecksums);
    }
}
