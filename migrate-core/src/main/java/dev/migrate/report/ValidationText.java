package dev.migrate.report;

import dev.migrate.ValidationReport;

/**
 * What {@code validate} found, as a person reads it: that all is well, or one line per edited file,
 * unknown id and failed migration, each saying what to do. What to do names the front end's own
 * words for running {@code repair} and setting {@code ignoreUnknown}, which the caller gives.
 */
public final class ValidationText {

    private ValidationText() {}

    /**
     * The lines, each ended by {@code \n}.
     *
     * @param repair how the user runs repair, e.g. {@code migrate.command=repair}
     * @param ignoreUnknown how the user sets {@code ignoreUnknown}, e.g. {@code
     *     MIGRATE_IGNORE_UNKNOWN=true}
     */
    public static String of(ValidationReport report, String repair, String ignoreUnknown) {
        if (report.isValid()) {
            return "migrate: valid: no edited files, no unknown ids, no failed migrations\n";
        }
        StringBuilder text = new StringBuilder();
        for (String id : report.edited()) {
            text.append("edited:  ")
                    .append(id)
                    .append(" changed after it was applied (restore it, or run ")
                    .append(repair)
                    .append(")\n");
        }
        for (String id : report.unknown()) {
            text.append("unknown: ")
                    .append(id)
                    .append(" is applied but not among the migrations (restore it, or set ")
                    .append(ignoreUnknown)
                    .append(")\n");
        }
        for (String id : report.failed()) {
            text.append("failed:  ")
                    .append(id)
                    .append(" failed part-way or was interrupted (check the database, then run ")
                    .append(repair)
                    .append(")\n");
        }
        return text.toString();
    }

    /** The line for stderr when {@code report} is not valid: how many problems, and the exit code. */
    public static String problems(ValidationReport report, int exitCode) {
        int problems = report.edited().size()
                + report.unknown().size()
                + report.failed().size();
        return "migrate: validate found " + problems + " problem(s); exit code " + exitCode;
    }
}
