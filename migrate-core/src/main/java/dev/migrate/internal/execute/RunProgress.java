package dev.migrate.internal.execute;

import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.parse.StatementKind;
import dev.migrate.internal.redact.SqlRedactor;
import org.jspecify.annotations.Nullable;

/**
 * How far one run of a migration got: the statements handed to the database so far and, on a
 * database that commits implicitly around DDL (MySQL, MariaDB, H2), the last statement that
 * committed what came before it. A transactional migration that fails after such a statement
 * cannot be rolled back entirely; this tells which of its statements may already be committed.
 */
final class RunProgress {

    private final boolean ddlCommits;
    private int firstLine;
    private @Nullable SqlStatement current;
    private @Nullable SqlStatement committing;
    private boolean committingRan;

    /** @param ddlCommits whether the database commits implicitly around DDL */
    RunProgress(boolean ddlCommits) {
        this.ddlCommits = ddlCommits;
    }

    /**
     * Whether the database may commit implicitly at this statement (never where DDL is
     * transactional): see {@link StatementKind#mayCommitImplicitly}.
     */
    boolean commits(SqlStatement statement) {
        return ddlCommits && StatementKind.mayCommitImplicitly(statement.sql());
    }

    /**
     * Called before a statement goes to the database (or joins a batch); for one that {@linkplain
     * #commits commits}, only once everything before it was sent.
     */
    void starting(SqlStatement statement, boolean commits) {
        if (firstLine == 0) {
            firstLine = statement.line();
        }
        current = statement;
        if (commits) {
            committing = statement;
            committingRan = false;
        }
    }

    /** Called when the database accepted the statement (or its batch took it). */
    void ran(SqlStatement statement) {
        if (statement == committing) {
            committingRan = true;
        }
    }

    /** Whether any statement was handed to the database. */
    boolean started() {
        return current != null;
    }

    /** The line of the last statement handed to the database; 0 before the first. */
    int currentLine() {
        return current == null ? 0 : current.line();
    }

    /**
     * Whether anything of a transactional migration may have been committed despite its
     * transaction: a statement that commits implicitly ran, or was about to run after others.
     */
    boolean committedImplicitly() {
        return committing != null && (committingRan || committing.line() > firstLine);
    }

    /** Which statements may be committed, for an error message; call when {@link #committedImplicitly}. */
    String committedStatements() {
        SqlStatement last = committing;
        if (last == null) {
            return "none";
        }
        String statement = "line " + last.line() + ": " + SqlRedactor.shown(last.sql(), 80);
        return committingRan
                ? "the statements from line " + firstLine + " through line " + last.line() + " (" + statement + ")"
                : "the statements from line " + firstLine + " up to line " + last.line() + " (" + statement
                        + ", which commits what came before it even when it fails)";
    }
}
