package dev.migrate;

/** A migration file breaks the format; names the file and the 1-based line. */
public final class MigrationParseException extends MigrateException {

    private final String file;
    private final int line;

    public MigrationParseException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public MigrationParseException(String file, int line, String problem, Throwable cause) {
        super(file + ":" + line + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The migration's id (its file name). */
    public String file() {
        return file;
    }

    /** The 1-based line the problem was found on. */
    public int line() {
        return line;
    }
}
