package dev.migrate.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The SQL that differs between the databases migrate supports. */
public interface Dialect {

    /** Which database this is. */
    DatabaseKind kind();

    /** The identifier as this database quotes it; input is a validated {@link TableName} part. */
    String quote(String identifier);

    /** The table as SQL text: {@code "gorp_migrations"} or {@code schema."gorp_migrations"}. */
    default String qualify(TableName table) {
        String name = quote(table.name());
        return table.schema() == null ? name : quote(table.schema()) + "." + name;
    }

    /**
     * Statements that create the history table if it is missing, exactly as sql-migrate's own DDL
     * (the Go tool must read and write the same table): schema first where one is configured.
     */
    List<String> createHistoryTable(TableName table);

    /** Statements that create migrate's side table (checksums, durations, failures) if missing. */
    List<String> createSideTable(TableName table);

    /**
     * An insert that replaces the row whose first column matches, in one statement.
     *
     * @param table the table
     * @param columns column names, the key first
     * @param values one SQL expression per column ({@code ?} or a function call)
     */
    String upsert(TableName table, List<String> columns, List<String> values);

    /** The current time as the database's clock tells it, as SQL expression for inserts. */
    String now();

    /**
     * Reads a timestamp column written with {@link #now()} as an instant; null stays null. The
     * default reads a {@code TIMESTAMP WITH TIME ZONE}.
     */
    default @Nullable Instant readInstant(ResultSet rows, int column) throws SQLException {
        Timestamp timestamp = rows.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * Whether DDL takes part in transactions (PostgreSQL), so that a failed migration's {@code
     * CREATE}s roll back with it; MySQL and H2 commit around DDL.
     */
    boolean transactionalDdl();

    /**
     * A query that answers, in one row and one text column, a digest of everything planning reads
     * from the history table and the side table (ids; checksums, states, failed lines and
     * messages), so that a process can tell in one short round trip whether the history changed
     * since it last read it. Each row is written out with its fields length-prefixed, so that
     * different contents never give the same text; the digest is computed by the database only
     * and compared only with its own earlier answers, never with one computed in Java. The rows
     * may be taken in the order the database reads them: the same rows in another order give
     * another digest, which costs a full read, never a wrong answer.
     *
     * @param history the history table, qualified
     * @param side the side table, qualified
     */
    String historyDigest(String history, String side);

    /** Whether the SQL state says "table (or schema) does not exist". */
    boolean isMissingTable(SQLException e);

    /**
     * Prepares the run's pinned connection for its session: a recognizable {@code
     * application_name} where the database has one, and where the database can, settings that
     * make the server notice a dead client quickly.
     */
    void configureSession(Connection connection, SessionSettings settings) throws SQLException;

    /** {@code insert into table (columns) values (values)}, for dialects' upserts to extend. */
    static String insert(Dialect dialect, TableName table, List<String> columns, List<String> values) {
        return "insert into " + dialect.qualify(table) + " ("
                + String.join(", ", columns.stream().map(dialect::quote).toList()) + ") values ("
                + String.join(", ", values) + ")";
    }
}
