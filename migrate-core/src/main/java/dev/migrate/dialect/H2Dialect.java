package dev.migrate.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** H2, for tests and small tools; it has no advisory locks, so it takes the table lease. */
final class H2Dialect implements Dialect {

    @Override
    public DatabaseKind kind() {
        return DatabaseKind.H2;
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier + '"';
    }

    @Override
    public List<String> createHistoryTable(TableName table) {
        List<String> sql = new ArrayList<>();
        if (table.schema() != null) {
            sql.add("create schema if not exists " + quote(table.schema()));
        }
        sql.add("create table if not exists " + qualify(table)
                + " (\"id\" varchar(4096) not null primary key, \"applied_at\" timestamp with time zone)");
        return sql;
    }

    @Override
    public List<String> createSideTable(TableName table) {
        return List.of("create table if not exists " + qualify(table) + " (\"id\" varchar(4096) not null primary key,"
                + " \"checksum\" varchar(64), \"execution_ms\" bigint, \"applied_by\" varchar(4096),"
                + " \"state\" varchar(16) not null, \"failed_line\" integer, \"message\" clob,"
                + " \"updated_at\" timestamp with time zone not null)");
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

    @Override
    public boolean isMissingTable(SQLException e) {
        // 42102: table not found; 42103: not found, with candidates; 42104: not found, database empty;
        // 90079: schema not found.
        int code = e.getErrorCode();
        return (code >= 42102 && code <= 42104) || code == 90079;
    }

    @Override
    public void configureSession(Connection connection, SessionSettings settings) {
        // H2 has no session name; an embedded or local server sees its clients go.
    }

    /** SHA-256 over the {@linkplain HistoryDigestRows rows}, ordered. */
    @Override
    public String historyDigest(String history, String side) {
        return "select coalesce(rawtohex(hash('SHA-256', listagg(r, ',') within group (order by r))), '-') from ("
                + HistoryDigestRows.query(this, history, side) + ") as history_rows";
    }
}
