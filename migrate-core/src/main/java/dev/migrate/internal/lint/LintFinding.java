package dev.migrate.internal.lint;

/**
 * One dangerous statement.
 *
 * @param file the migration's id (its file name)
 * @param line the line where the statement starts
 * @param rule a short name for the rule, e.g. {@code index-without-concurrently}
 * @param problem what the statement does to a busy table
 * @param saferForm what to write instead
 */
public record LintFinding(String file, int line, String rule, String problem, String saferForm) {

    /** {@code file:line: problem; safer: …}, for logs and errors. */
    public String describe() {
        return file + ":" + line + ": " + problem + " [" + rule + "]\n    safer: " + saferForm;
    }

    @Override
    public String toString() {
        return describe();
    }
}
