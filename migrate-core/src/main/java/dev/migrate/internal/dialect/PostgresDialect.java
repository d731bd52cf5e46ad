package dev.migrate.internal.dialect;

import dev.migrate.internal.checksum.Fingerprint;
import dev.migrate.internal.redact.SqlRedactor;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/** PostgreSQL: the Go tool's DDL to the letter; session settings that notice dead clients. */
final class PostgresDialect implements Dialect {

    private static final boolean PGJDBC_PRESENT = PgJdbc.present();

    @Override
    public DatabaseKind kind() {
        return DatabaseKind.POSTGRESQL;
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** An escape string ({@code E'…'}): the same text whether {@code standard_conforming_strings} is on or off. */
    @Override
    public String stringLiteral(String value) {
        return "E'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** {@code now()} is the transaction's start; {@code clock_timestamp()} moves on within it. */
    @Override
    public String transactionMillis() {
        return "(extract(epoch from clock_timestamp() - now()) * 1000)::bigint";
    }

    @Override
    public String transactionStatementTimeout(int seconds) {
        return "set local statement_timeout = '" + seconds + "s'";
    }

    /**
     * Where {@code to_regclass} finds the table along the search path, else {@code
     * current_schema()}: a schema created later in front of it on the search path ({@code "$user"})
     * does not move the history.
     */
    @Override
    public @Nullable String historySchema(Connection connection, String table) throws SQLException {
        return SingleValue.text(
                connection,
                "select coalesce((select n.nspname"
                        + " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                        + " where c.oid = to_regclass(cast(? as text))), current_schema())",
                quote(table));
    }

    /** The Go tool writes a configured schema unquoted ({@code schema."table"}), so PostgreSQL folds it. */
    @Override
    public String storedSchema(String configured) {
        return configured.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean schemaExists(Connection connection, String schema) throws SQLException {
        return SingleValue.anyRow(connection, "select 1 from pg_catalog.pg_namespace where nspname = ?", schema);
    }

    /** From the catalog: {@code information_schema} shows only tables the role has a privilege on. */
    @Override
    public boolean tableExists(Connection connection, TableName table) throws SQLException {
        String schema = table.schema();
        return schema == null
                ? SingleValue.text(connection, "select to_regclass(cast(? as text))::text", quote(table.name())) != null
                : SingleValue.text(
                                connection,
                                "select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n"
                                        + " on n.oid = c.relnamespace where n.nspname = ? and c.relname = ?",
                                schema,
                                table.name())
                        != null;
    }

    @Override
    public String createSchema(String schema) {
        return "create schema if not exists " + quote(schema);
    }

    @Override
    public List<String> createHistoryTable(TableName table) {
        return List.of("create table if not exists " + qualify(table)
                + " (\"id\" text not null primary key, \"applied_at\" timestamp with time zone)");
    }

    @Override
    public List<String> createSideTable(TableName table) {
        return List.of("create table if not exists " + qualify(table) + " (\"id\" text not null primary key,"
                + " \"checksum\" varchar(64), \"execution_ms\" bigint, \"applied_by\" text,"
                + " \"state\" varchar(16) not null, \"failed_line\" integer, \"message\" text,"
                + " \"updated_at\" timestamp with time zone not null, \"fingerprint\" varchar(128))");
    }

    @Override
    public String upsert(TableName table, List<String> columns, List<String> values) {
        StringBuilder sql = new StringBuilder(Dialect.insert(this, table, columns, values))
                .append(" on conflict (")
                .append(quote(columns.get(0)))
                .append(") do update set ");
        for (int i = 1; i < columns.size(); i++) {
            String column = quote(columns.get(i));
            sql.append(i > 1 ? ", " : "").append(column).append(" = excluded.").append(column);
        }
        return sql.toString();
    }

    @Override
    public String now() {
        return "now()";
    }

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    /** undefined_column (42703). */
    @Override
    public boolean isMissingColumn(SQLException e) {
        return "42703".equals(e.getSQLState());
    }

    /** undefined_function (42883). */
    @Override
    public boolean isMissingFunction(SQLException e) {
        return "42883".equals(e.getSQLState());
    }

    @Override
    public boolean isMissingTable(SQLException e) {
        return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
    }

    /** Duplicate schema (42P06), table (42P07) or row type (42710, "type ... already exists"). */
    @Override
    public boolean isConcurrentCreate(SQLException e) {
        String state = e.getSQLState();
        return "42P06".equals(state) || "42P07".equals(state) || "42710".equals(state);
    }

    /**
     * From {@code pg_locks}: every session holding a lock on one of the tables (an open {@code
     * ALTER}, {@code LOCK TABLE}, a reader a {@code VACUUM FULL} waits for), and every one waiting
     * for a lock that excludes readers ({@code VACUUM FULL} itself, queued ahead of a reader).
     */
    @Override
    public List<String> tableLockHolders(Connection observer, List<TableName> tables) throws SQLException {
        List<String> holders = new ArrayList<>();
        Array names = observer.createArrayOf(
                "text", tables.stream().map(this::qualify).toArray());
        try (PreparedStatement statement = observer.prepareStatement("select a.pid,"
                + " coalesce(a.application_name, ''), coalesce(a.usename::text, ''), coalesce(a.state, ''),"
                + " string_agg(distinct l.mode || case when l.granted then ' held' else ' awaited' end, ', '),"
                + " coalesce(a.query, '') from pg_catalog.pg_locks l join pg_catalog.pg_stat_activity a on a.pid = l.pid"
                + " where l.locktype = 'relation' and l.pid <> pg_backend_pid()"
                + " and l.relation in (select to_regclass(t) from unnest(?::text[]) as t)"
                + " and (l.granted or l.mode <> 'AccessShareLock')"
                + " group by a.pid, a.application_name, a.usename, a.state, a.query, a.xact_start"
                + " order by a.xact_start nulls last limit 5")) {
            statement.setQueryTimeout(1);
            statement.setArray(1, names);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    String query = SqlRedactor.shown(row.getString(6), 200);
                    holders.add("pid " + row.getInt(1) + " (application_name '" + row.getString(2) + "', user "
                            + row.getString(3) + ", " + row.getString(4) + ", " + row.getString(5)
                            + (query.isEmpty() ? "" : ", query: " + query)
                            + ")");
                }
            }
        } finally {
            names.free();
        }
        return holders;
    }

    /** {@code lock_timeout} ran out (55P03, {@code lock_not_available}). */
    @Override
    public boolean isLockTimeout(SQLException e) {
        return "55P03".equals(e.getSQLState());
    }

    @Override
    public List<String> createLeaseTable(TableName table) {
        return List.of(LeaseTable.create(this, table, "timestamp with time zone", ""));
    }

    /** {@code now()} is the transaction's start; the lease's fence runs inside a transaction. */
    @Override
    public String clockNow() {
        return "clock_timestamp()";
    }

    @Override
    public String clockNowPlus(Duration duration) {
        return "(clock_timestamp() + " + duration.toMillis() + " * interval '1 millisecond')";
    }

    @Override
    public void configureSession(Connection connection, SessionSettings settings) throws SQLException {
        long millis = settings.connectionCheckInterval().toMillis();
        StringBuilder sql = new StringBuilder("select set_config('application_name', ?, false)");
        if (millis > 0) {
            long seconds = Math.max(1, settings.connectionCheckInterval().toSeconds());
            // Keepalives find a vanished host; the check interval cancels a dead client's running
            // statement (PostgreSQL 14+), which rolls it back and frees its session locks.
            sql.append(", set_config('tcp_keepalives_idle', '")
                    .append(seconds)
                    .append("', false)")
                    .append(", set_config('tcp_keepalives_interval', '")
                    .append(seconds)
                    .append("', false)")
                    .append(", set_config('tcp_keepalives_count', '3', false)");
            if (connection.getMetaData().getDatabaseMajorVersion() >= 14) {
                sql.append(", set_config('client_connection_check_interval', '")
                        .append(millis)
                        .append("', false)");
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            statement.setString(1, settings.applicationName());
            statement.execute();
        }
    }

    /**
     * MD5 over the {@linkplain HistoryDigestRows rows}, in the order the scan reads them: sorting 400 rows was a third of the query's time, and rows
     * read in another order only give a digest not yet remembered.
     */
    /**
     * pgjdbc prepares a statement on the server under a name (S_1, ...) from its fifth use on a
     * connection ({@code prepareThreshold}, counted per SQL text over the connection's life, so
     * across borrowings from a pool); behind PgBouncer before 1.21 (or without {@code
     * max_prepared_statements}) in transaction mode the name exists on one server connection only,
     * and a later use fails with "prepared statement S_1 does not exist" (or "already exists").
     * Threshold 0 sends every statement unnamed, batches of two or more included (pgjdbc names those
     * from their first use otherwise); the server then plans each statement each time,
     * a fraction of a millisecond for migrate's own.
     */
    @Override
    public DriverRestore sendUnnamed(Connection connection) throws SQLException {
        if (!PGJDBC_PRESENT || !connection.isWrapperFor(PGConnection.class)) {
            return DriverRestore.NOTHING;
        }
        PGConnection driver = connection.unwrap(PGConnection.class);
        int threshold = driver.getPrepareThreshold();
        if (threshold == 0) {
            return DriverRestore.NOTHING;
        }
        driver.setPrepareThreshold(0);
        return new ThresholdRestore(driver, threshold);
    }

    /** Puts pgjdbc's {@code prepareThreshold} back. */
    private record ThresholdRestore(PGConnection driver, int threshold) implements DriverRestore {
        @Override
        public void close() {
            driver.setPrepareThreshold(threshold);
        }
    }

    @Override
    public String historyDigest(String history, String side, boolean fingerprints) {
        return "select coalesce(md5(string_agg(r, ',')), '-') from ("
                + HistoryDigestRows.query(this, history, side, fingerprints) + ") as history_rows";
    }

    @Override
    public String catalogDigest(String history, String side) {
        String id = quote("id");
        String fingerprint = quote("fingerprint");
        String listed = "split_part(" + fingerprint + ", '/', 1)";
        // collate "C": the hash of the text's bytes in the database's encoding, whatever its
        // collation; where that encoding is not UTF-8, a name beyond ASCII makes the digest differ
        // from migrate's, which costs the read of the rows, never a wrong answer
        return "select count(*) || ':' || coalesce(sum(hashtextextended(r collate \"C\", 0)), 0)"
                + " from (select 'h' || " + id + " as r from " + history + " union all select 'f' || " + id
                + " || '/' || case when " + quote("state") + " = 'applied' and "
                + quote("failed_line") + " is null and " + quote("message") + " is null and " + fingerprint
                + " = " + listed + " || '/' || left(" + quote("checksum") + ", " + Fingerprint.CHECKSUM_DIGITS
                + ") then " + listed + " else '!' end from " + side + ") as catalog_rows";
    }
}
