package dev.migrate;

/**
 * A migration file breaks the format; names the file, the 1-based line and the problem. The message
 * is {@code file:line: problem}; read the accessors, not the message.
 */
public final class MigrationParseException extends MigrateException {

    private final String file;
    private final int line;
    private final String problem;

    public MigrationParseException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public MigrationParseException(String file, int line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    /** The migration's id (its file name). */
    public String file() {
        return file;
    }

    /** The 1-based line the problem was found on. */
    public int line() {
        return line;
    }

    /** What is wrong at that line, e.g. {@code incomplete migration command: nothing follows '-- +migrate'}. */
    public String problem() {
        return problem;
    }
}
