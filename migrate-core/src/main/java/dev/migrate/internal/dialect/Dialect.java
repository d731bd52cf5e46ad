package dev.migrate.internal.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The SQL that differs between the databases migrate supports. */
public interface Dialect {

    /** Which database this is. */
    DatabaseKind kind();

    /**
     * The identifier quoted as this database quotes it, a quote character inside it doubled: a
     * configured name is validated before, a schema name read from the database may hold anything.
     */
    String quote(String identifier);

    /** The table as SQL text: {@code "gorp_migrations"} or {@code "public"."gorp_migrations"}. */
    default String qualify(TableName table) {
        String name = quote(table.name());
        return table.schema() == null ? name : quote(table.schema()) + "." + name;
    }

    /**
     * The schema an unqualified history table name stands for on this connection, read once per run
     * before the lock: the schema where a table of that name already is on the search path, else
     * the current schema; null when the connection has none (an empty search path, no database
     * named in a MySQL URL).
     */
    @Nullable
    String historySchema(Connection connection, String table) throws SQLException;

    /**
     * A configured schema as the database stores it: PostgreSQL folds the unquoted name the Go tool
     * writes to lower case; the others keep it.
     */
    default String storedSchema(String configured) {
        return configured;
    }

    /**
     * Whether a schema (a MySQL database) exists. Asked before creating one, because creating,
     * even {@code if not exists}, needs a privilege a least-privileged role that owns its schema
     * lacks ({@code CREATE} on the database).
     */
    default boolean schemaExists(Connection connection, String schema) throws SQLException {
        return SingleValue.anyRow(
                connection, "select 1 from information_schema.schemata where schema_name = ?", schema);
    }

    /**
     * Whether a table exists. Asked before {@code create table if not exists}, which needs {@code
     * CREATE} on the schema even when the table is there: a role that may only write tables an
     * administrator created for it lacks that privilege.
     */
    default boolean tableExists(Connection connection, TableName table) throws SQLException {
        String schema = table.schema();
        return schema == null
                ? SingleValue.anyRow(
                        connection,
                        "select 1 from information_schema.tables where table_schema = current_schema"
                                + " and table_name = ?",
                        table.name())
                : SingleValue.text(
                                connection,
                                "select 1 from information_schema.tables where table_schema = ? and table_name = ?",
                                schema,
                                table.name())
                        != null;
    }

    /** A statement that creates a schema (a MySQL database) if it is missing. */
    String createSchema(String schema);

    /**
     * Statements that create the history table if it is missing, exactly as sql-migrate's own DDL
     * (the Go tool must read and write the same table). The schema is created apart, when missing.
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
     * {@code value} as a string literal that reads the same whatever the session's settings, for a
     * statement that goes in a batch (which takes no parameters); null where the dialect writes
     * none, and the caller then sends a prepared statement instead.
     */
    default @Nullable String stringLiteral(String value) {
        return null;
    }

    /**
     * A statement that bounds every later statement of the current transaction to {@code seconds}
     * (the database then cancels it, as {@link #isQueryTimeout} recognises), for a batch whose
     * statements cannot each get a {@link java.sql.Statement#setQueryTimeout}; null where the
     * dialect has none.
     */
    default @Nullable String transactionStatementTimeout(int seconds) {
        return null;
    }

    /**
     * An SQL expression for the milliseconds since the current transaction started, by the
     * database's clock (a migration's duration, written in the statement that records it); null
     * where the dialect has none.
     */
    default @Nullable String transactionMillis() {
        return null;
    }

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
     * @param fingerprints whether the side table's {@code fingerprint} column is read too (its rows
     *     are then tagged apart, so the two forms never give the same text)
     */
    String historyDigest(String history, String side, boolean fingerprints);

    /**
     * A query that answers, in one row and one text column, the history's <em>catalog digest</em>,
     * which a process can also compute from its migrations alone ({@link
     * dev.migrate.internal.plan.CatalogDigest}), so that an {@code up} with nothing to do finds that
     * out in one short round trip without reading the rows: the number of rows, a colon, then the
     * sum, in decimal, of the 64-bit hash PostgreSQL's {@code hashtextextended(row, 0)} gives
     * each of these rows (their UTF-8 bytes; the order of the rows does not matter):
     *
     * <ul>
     *   <li>{@code h<id>} for each row of the history table;
     *   <li>{@code f<id>/<fingerprint>} for each row of the side table that records an applied
     *       migration (no failed line, no message) with a fingerprint {@linkplain
     *       dev.migrate.internal.checksum.Fingerprint#bound bound} to its recorded checksum, the
     *       fingerprint being the part before the first slash; {@code f<id>/!} for any other side row.
     * </ul>
     *
     * Null where the dialect has none: every {@code up} then reads the rows.
     *
     * @param history the history table, qualified
     * @param side the side table, qualified (with its {@code fingerprint} column)
     */
    default @Nullable String catalogDigest(String history, String side) {
        return null;
    }

    /** Whether the SQL state says "table (or schema) does not exist". */
    boolean isMissingTable(SQLException e);

    /** Whether the SQL state says "no such column" (a side table from before its {@code fingerprint}). */
    boolean isMissingColumn(SQLException e);

    /**
     * Whether the SQL state says "no such function": a server that speaks the dialect without a
     * function {@link #catalogDigest} uses (a look-alike of PostgreSQL, one older than 11).
     */
    default boolean isMissingFunction(SQLException e) {
        return false;
    }

    /**
     * The statement that adds the {@code fingerprint} column to a side table created before it
     * (the same column {@link #createSideTable} creates).
     */
    default String addFingerprintColumn(TableName table) {
        return "alter table " + qualify(table) + " add column " + quote("fingerprint") + " varchar(128)";
    }

    /**
     * Statements that create the table lease's lock table if it is missing (the schema is created
     * apart, with {@link #createSchema}): one row per lock name, its owner, and when the lease was
     * acquired and expires, as {@link #clockNow()} tells it.
     */
    List<String> createLeaseTable(TableName table);

    /**
     * The database's clock at the moment the statement runs, as SQL: what the table lease compares
     * and writes, so that no client's clock takes part. Unlike {@link #now()} on PostgreSQL, it is
     * not the transaction's start, because the lease's fence runs inside a history write.
     */
    String clockNow();

    /** {@link #clockNow()} plus a duration, as SQL. */
    String clockNowPlus(Duration duration);

    /**
     * Makes the driver send every statement on {@code connection} without a server-side name
     * until the answer is closed, which puts the driver's setting back. For every connection
     * migrate uses, direct or behind a proxy: its own statements repeat on a pooled connection
     * (the boot check, a health check's status, a lease's heartbeat), and a name the driver gives a
     * statement from its fifth use exists on one server connection only behind a transaction
     * pooler. The default changes nothing.
     */
    default DriverRestore sendUnnamed(Connection connection) throws SQLException {
        return DriverRestore.NOTHING;
    }

    /**
     * What a {@code select} of values with a {@code where} clause needs in place of a table:
     * MySQL's {@code " from dual"}, nothing elsewhere.
     */
    default String fromNoTable() {
        return "";
    }

    /** Whether the SQL state says "unique key violated": another process inserted the row first. */
    default boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /**
     * Whether a {@code create ... if not exists} failed because another process created the same
     * object at the same moment (PostgreSQL can fail one of two such statements).
     */
    default boolean isConcurrentCreate(SQLException e) {
        return false;
    }

    /**
     * Whether the statement was cancelled because it ran past its {@link
     * java.sql.Statement#setQueryTimeout query timeout} (by default: a {@link SQLTimeoutException},
     * or SQL state {@code 57014}, which PostgreSQL and H2 answer).
     */
    default boolean isQueryTimeout(SQLException e) {
        return e instanceof SQLTimeoutException || "57014".equals(e.getSQLState());
    }

    /**
     * The sessions, other than the observer's, that hold a lock on one of the tables or wait
     * ahead for one that excludes readers, one line each for an error message (statements with
     * their passwords hidden); empty where the database does not tell.
     *
     * @param observer a connection of its own, not the one that waited
     */
    default List<String> tableLockHolders(Connection observer, List<TableName> tables) throws SQLException {
        return List.of();
    }

    /** Whether the statement gave up waiting for a lock (it had no effect; trying again may succeed). */
    boolean isLockTimeout(SQLException e);

    /**
     * Whether the statement lost a race for locks: a {@linkplain #isLockTimeout lock wait timeout},
     * a deadlock or a serialization failure (SQL state class 40). The statement had no effect and
     * the next try may succeed.
     */
    default boolean isLockConflict(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("40")) || isLockTimeout(e);
    }

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
