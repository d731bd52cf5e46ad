package dev.migrate.internal.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** H2, for tests and small tools; it has no advisory locks, so it takes the table lease. */
final class H2Dialect implements Dialect {

    @Override
    public DatabaseKind kind() {
        return DatabaseKind.H2;
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The current schema; H2's search path ({@code SCHEMA_SEARCH_PATH}) is rarely set. */
    @Override
    public @Nullable String historySchema(Connection connection, String table) throws SQLException {
        return SingleValue.text(connection, "select current_schema");
    }

    @Override
    public String createSchema(String schema) {
        return "create schema if not exists " + quote(schema);
    }

    @Override
    public List<String> createHistoryTable(TableName table) {
        return List.of("create table if not exists " + qualify(table)
                + " (\"id\" varchar(4096) not null primary key, \"applied_at\" timestamp with time zone)");
    }

    @Override
    public List<String> createSideTable(TableName table) {
        return List.of("create table if not exists " + qualify(table) + " (\"id\" varchar(4096) not null primary key,"
                + " \"checksum\" varchar(64), \"execution_ms\" bigint, \"applied_by\" varchar(4096),"
                + " \"state\" varchar(16) not null, \"failed_line\" integer, \"message\" clob,"
                + " \"updated_at\" timestamp with time zone not null, \"fingerprint\" varchar(128))");
    }

    @Override
    public String upsert(TableName table, List<String> columns, List<String> values) {
        return "merge into " + qualify(table) + " ("
                + String.join(", ", columns.stream().map(this::quote).toList()) + ") key (" + quote(columns.get(0))
                + ") values (" + String.join(", ", values) + ")";
    }

    @Override
    public String now() {
        return "current_timestamp";
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    /** Column not found (42122). */
    @Override
    public boolean isMissingColumn(SQLException e) {
        return e.getErrorCode() == 42122 || "42S22".equals(e.getSQLState());
    }

    @Override
    public boolean isMissingTable(SQLException e) {
        // 42102: table not found; 42103: not found, with candidates; 42104: not found, database empty;
        // 90079: schema not found.
        int code = e.getErrorCode();
        return (code >= 42102 && code <= 42104) || code == 90079;
    }

    /** {@code LOCK_TIMEOUT} ran out (HYT00). */
    @Override
    public boolean isLockTimeout(SQLException e) {
        return "HYT00".equals(e.getSQLState());
    }

    @Override
    public List<String> createLeaseTable(TableName table) {
        return List.of(LeaseTable.create(this, table, "timestamp with time zone", ""));
    }

    /**
     * H2 has only the transaction's time, so H2 leases also check the time since the last
     * extension on the client's monotonic clock.
     */
    @Override
    public String clockNow() {
        return "current_timestamp";
    }

    @Override
    public String clockNowPlus(Duration duration) {
        return "dateadd(millisecond, " + duration.toMillis() + ", current_timestamp)";
    }

    @Override
    public void configureSession(Connection connection, SessionSettings settings) {
        // H2 has no session name; an embedded or local server sees its clients go.
    }

    /** SHA-256 over the {@linkplain HistoryDigestRows rows}, ordered. */
    @Override
    public String historyDigest(String history, String side, boolean fingerprints) {
        return "select coalesce(rawtohex(hash('SHA-256', listagg(r, ',') within group (order by r))), '-') from ("
                + HistoryDigestRows.query(this, history, side, fingerprints) + ") as history_rows";
    }
}
