package dev.migrate.internal.execute;

import dev.migrate.internal.parse.SqlStatement;
import java.sql.SQLException;

/** A statement the database refused, carried out of the parser's sink to the executor. */
final class StatementFailedException extends RuntimeException {

    private final SqlStatement statement;
    private final int before;

    StatementFailedException(SqlStatement statement, int before, SQLException cause) {
        super(cause.getMessage(), cause, false, false);
        this.statement = statement;
        this.before = before;
    }

    /** The statement that failed. */
    SqlStatement statement() {
        return statement;
    }

    /** How many statements of the migration ran successfully before it. */
    int before() {
        return before;
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
