package dev.migrate.report;

import dev.migrate.RepairResult;

/** The one line that says what {@code repair} did. */
public final class RepairText {

    private RepairText() {}

    /** E.g. {@code migrate: repair: cleared failures [3_add], accepted the checksums of []}. */
    public static String of(RepairResult result) {
        if (result.clearedFailures().isEmpty()
                && result.updatedChecksums().isEmpty()
                && result.renamed().isEmpty()) {
            return "migrate: repair: nothing to repair";
        }
        return "migrate: repair: cleared failures " + result.clearedFailures() + ", accepted the checksums of "
                + result.updatedChecksums()
                + (result.renamed().isEmpty() ? "" : ", recorded renamed files " + result.renamed());
    }
}
