package dev.migrate.internal.dialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** MySQL and MariaDB: the Go tool's DDL ({@code varchar(255)} id, {@code datetime} in UTC). */
final class MySqlDialect implements Dialect {

    @Override
    public DatabaseKind kind() {
        return DatabaseKind.MYSQL;
    }

    @Override
    public String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }

    /** MySQL has no search path: the connection's database. */
    @Override
    public @Nullable String historySchema(Connection connection, String table) throws SQLException {
        return SingleValue.text(connection, "select database()");
    }

    @Override
    public boolean tableExists(Connection connection, TableName table) throws SQLException {
        String schema = table.schema();
        return SingleValue.text(
                        connection,
                        "select 1 from information_schema.tables where table_schema = "
                                + (schema == null ? "database()" : "?") + " and table_name = ?",
                        schema == null ? new String[] {table.name()} : new String[] {schema, table.name()})
                != null;
    }

    @Override
    public String createSchema(String schema) {
        return "create database if not exists " + quote(schema);
    }

    @Override
    public List<String> createHistoryTable(TableName table) {
        return List.of("create table if not exists " + qualify(table)
                + " (`id` varchar(255) not null primary key, `applied_at` datetime) engine=InnoDB charset=UTF8");
    }

    @Override
    public List<String> createSideTable(TableName table) {
        return List.of("create table if not exists " + qualify(table) + " (`id` varchar(255) not null primary key,"
                + " `checksum` varchar(64), `execution_ms` bigint, `applied_by` varchar(255),"
                + " `state` varchar(16) not null, `failed_line` integer, `message` text,"
                + " `updated_at` datetime(3) not null, `fingerprint` varchar(128)) engine=InnoDB charset=utf8mb4");
    }

    @Override
    public String upsert(TableName table, List<String> columns, List<String> values) {
        StringBuilder sql =
                new StringBuilder(Dialect.insert(this, table, columns, values)).append(" on duplicate key update ");
        for (int i = 1; i < columns.size(); i++) {
            String column = quote(columns.get(i));
            sql.append(i > 1 ? ", " : "")
                    .append(column)
                    .append(" = values(")
                    .append(column)
                    .append(')');
        }
        return sql.toString();
    }

    @Override
    public String now() {
        return "utc_timestamp()";
    }

    /** The Go tool and {@link #now()} write {@code datetime} in UTC; read it as UTC, whatever the JVM's zone. */
    @Override
    public @Nullable Instant readInstant(ResultSet rows, int column) throws SQLException {
        LocalDateTime value = rows.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    /** Unknown column (1054, 42S22). */
    @Override
    public boolean isMissingColumn(SQLException e) {
        return e.getErrorCode() == 1054 || "42S22".equals(e.getSQLState());
    }

    @Override
    public boolean isMissingTable(SQLException e) {
        return e.getErrorCode() == 1146 || e.getErrorCode() == 1049 || "42S02".equals(e.getSQLState());
    }

    /**
     * Also MariaDB's {@code max_statement_time} (error 1969, how its driver bounds a query), MySQL's
     * {@code max_execution_time} (3024) and a query killed by a driver's timeout (1317).
     */
    @Override
    public boolean isQueryTimeout(SQLException e) {
        int code = e.getErrorCode();
        return Dialect.super.isQueryTimeout(e) || code == 1969 || code == 3024 || code == 1317;
    }

    /** {@code innodb_lock_wait_timeout} or {@code lock_wait_timeout} ran out (error 1205). */
    @Override
    public boolean isLockTimeout(SQLException e) {
        return e.getErrorCode() == 1205;
    }

    /** Class 40, a lock wait timeout, or a deadlock (error 1213). */
    @Override
    public boolean isLockConflict(SQLException e) {
        return Dialect.super.isLockConflict(e) || e.getErrorCode() == 1213;
    }

    /** UTC in {@code datetime(3)}, as {@link #clockNow()} writes it. */
    @Override
    public List<String> createLeaseTable(TableName table) {
        return List.of(LeaseTable.create(this, table, "datetime(3)", " engine=InnoDB"));
    }

    @Override
    public String clockNow() {
        return "utc_timestamp(3)";
    }

    @Override
    public String clockNowPlus(Duration duration) {
        return "date_add(utc_timestamp(3), interval " + duration.toMillis() * 1000 + " microsecond)";
    }

    @Override
    public String fromNoTable() {
        return " from dual";
    }

    @Override
    public void configureSession(Connection connection, SessionSettings settings) {
        // MySQL has no per-session application name or client check; GET_LOCK ends with the session.
    }

    /**
     * Without an ordered aggregate that is not cut at {@code group_concat_max_len}: the row count,
     * the XOR of each row's first 64 MD5 bits and the sum of each row's CRC-32.
     */
    @Override
    public String historyDigest(String history, String side, boolean fingerprints) {
        String id = quote("id");
        return "select concat(count(*), ':', coalesce(bit_xor(cast(conv(left(md5(r), 16), 16, 10) as unsigned)), 0),"
                + " ':', coalesce(sum(crc32(r)), 0)) from (select concat('h', length(" + id + "), ':', " + id
                + ") as r from " + history + " union all select concat('" + (fingerprints ? "f" : "s") + "', length("
                + id + "), ':', " + id + ", " + field(quote("checksum")) + ", " + field(quote("state")) + ", "
                + field(quote("failed_line")) + ", " + field(quote("message"))
                + (fingerprints ? ", " + field(quote("fingerprint")) : "") + ") from " + side + ") as history_rows";
    }

    /** {@code <length>:<text>}, or {@code -} for null. */
    private static String field(String expression) {
        return "coalesce(concat(length(" + expression + "), ':', " + expression + "), '-')";
    }
}
