package dev.migrate.internal.execute;

import dev.migrate.internal.parse.SqlStatement;

/**
 * Looks at each statement of a migration's Up section as it streams to the database, before it is
 * sent: the DDL lint's warnings, from the one parse that runs the file.
 */
@FunctionalInterface
public interface UpStatementCheck {

    /** Looks at nothing. */
    UpStatementCheck NONE = (migration, statement) -> {};

    /**
     * @param migration the migration's id (its file name)
     * @param statement the statement about to run
     */
    void check(String migration, SqlStatement statement);
}
