package dev.migrate.internal.ddl;

import dev.migrate.internal.dialect.DatabaseKind;
import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.SingleValue;
import dev.migrate.internal.redact.SqlRedactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * MySQL/MariaDB: {@code lock_wait_timeout} in whole seconds (error 1205 when a statement gives
 * up). Blockers: where MariaDB's {@code METADATA_LOCK_INFO} plugin is installed, the sessions
 * holding a metadata lock on a table the waiting session also locks; otherwise (the default) the
 * other sessions on the same database with an open transaction ({@code innodb_trx}), since without
 * the plugin the server does not tell who holds a metadata lock.
 */
final class MySqlTableLockWaits implements TableLockWaits {

    private final Dialect dialect = Dialects.of(DatabaseKind.MYSQL);

    private static final String COLUMNS = "select p.id, coalesce(p.user, ''), coalesce(p.host, ''),"
            + " coalesce(p.command, ''), coalesce(p.state, ''), timestampdiff(microsecond, t.trx_started, now(6)),"
            + " p.info from information_schema.processlist p"
            + " left join information_schema.innodb_trx t on t.trx_mysql_thread_id = p.id";

    private static final String BY_METADATA_LOCKS = COLUMNS + " where p.id <> ? and p.id in ("
            + "select m.thread_id from information_schema.metadata_lock_info m"
            + " join information_schema.metadata_lock_info mine on mine.thread_id = ?"
            + " and mine.table_schema = m.table_schema and mine.table_name = m.table_name)"
            + " order by t.trx_started";

    private static final String WITH_OPEN_TRANSACTIONS = COLUMNS + " where p.id <> ? and t.trx_id is not null"
            + " and p.db = (select db from information_schema.processlist where id = ?) order by t.trx_started";

    private static final String WAITING =
            "select count(*) from information_schema.processlist where id = ? and state like '%lock%'";

    /** Whether the METADATA_LOCK_INFO plugin answered; asked once per run. */
    private volatile boolean metadataLockInfo = true;

    @Override
    public boolean transactionalDdl() {
        return false;
    }

    @Override
    public String current(Connection connection) throws SQLException {
        return Objects.requireNonNull(SingleValue.text(connection, "select @@session.lock_wait_timeout"));
    }

    /** Whole seconds, at least one: the server knows no finer unit. */
    @Override
    public void set(Connection connection, Duration timeout) throws SQLException {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        restore(connection, Long.toString(seconds));
    }

    /**
     * Not offered: migrate tells no proxy in front of MySQL/MariaDB, so their guard always sets the
     * session's lock wait (and puts it back).
     */
    @Override
    public long setForTransaction(Connection connection, Duration timeout) throws SQLException {
        throw new SQLFeatureNotSupportedException("a lock wait for one transaction only is not offered on MySQL");
    }

    @Override
    public void restore(Connection connection, String previous) throws SQLException {
        long seconds = Long.parseLong(previous.trim());
        try (Statement statement = connection.createStatement()) {
            statement.execute("set session lock_wait_timeout = " + seconds);
        }
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return dialect.isLockTimeout(e);
    }

    @Override
    public long sessionId(Connection connection) throws SQLException {
        return Objects.requireNonNull(SingleValue.number(connection, "select connection_id()"));
    }

    @Override
    public List<Blocker> blockers(Connection observer, long sessionId) throws SQLException {
        if (!waiting(observer, sessionId)) {
            return List.of();
        }
        if (metadataLockInfo) {
            try {
                List<Blocker> precise = query(observer, BY_METADATA_LOCKS, sessionId);
                if (!precise.isEmpty()) {
                    return precise;
                }
            } catch (SQLException noPlugin) {
                // information_schema.metadata_lock_info exists only with MariaDB's plugin
                metadataLockInfo = false;
            }
        }
        return query(observer, WITH_OPEN_TRANSACTIONS, sessionId);
    }

    private static boolean waiting(Connection observer, long sessionId) throws SQLException {
        Long waiting = SingleValue.number(observer, WAITING, sessionId);
        return waiting != null && waiting > 0;
    }

    private static List<Blocker> query(Connection observer, String sql, long sessionId) throws SQLException {
        List<Blocker> blockers = new ArrayList<>();
        try (PreparedStatement statement = observer.prepareStatement(sql)) {
            statement.setLong(1, sessionId);
            statement.setLong(2, sessionId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    long micros = row.getLong(6);
                    boolean noTransaction = row.wasNull();
                    String query = row.getString(7);
                    String state = row.getString(4) + (row.getString(5).isEmpty() ? "" : " '" + row.getString(5) + "'");
                    blockers.add(new Blocker(
                            "connection id " + row.getLong(1),
                            "user " + row.getString(2) + ", client " + row.getString(3),
                            state,
                            noTransaction ? null : Duration.ofNanos(micros * 1000),
                            query == null ? null : SqlRedactor.shown(query, 200)));
                }
            }
        }
        return blockers;
    }
}
