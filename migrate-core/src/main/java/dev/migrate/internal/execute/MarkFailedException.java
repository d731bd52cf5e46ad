package dev.migrate.internal.execute;

import dev.migrate.internal.parse.SqlStatement;
import java.sql.SQLException;

/**
 * The running mark before a statement could not be written, so that statement did not run;
 * carried out of the parser's sink to the executor.
 */
final class MarkFailedException extends RuntimeException {

    private final SqlStatement statement;

    MarkFailedException(SqlStatement statement, SQLException cause) {
        super(cause.getMessage(), cause, false, false);
        this.statement = statement;
    }

    /** The statement that did not run. */
    SqlStatement statement() {
        return statement;
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
