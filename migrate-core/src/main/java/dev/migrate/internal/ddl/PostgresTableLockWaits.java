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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PostgreSQL: {@code lock_timeout} (SQL state {@code 55P03} when a statement gives up), blockers
 * from {@code pg_blocking_pids} and {@code pg_stat_activity}.
 */
final class PostgresTableLockWaits implements TableLockWaits {

    private final Dialect dialect = Dialects.of(DatabaseKind.POSTGRESQL);

    private static final String BLOCKERS =
            "select a.pid, coalesce(a.application_name, ''), coalesce(a.usename::text, ''),"
                    + " coalesce(a.state, ''), extract(epoch from clock_timestamp() - a.xact_start), a.query"
                    + " from pg_stat_activity a where a.pid = any(pg_blocking_pids(?)) order by a.xact_start nulls last";

    @Override
    public boolean transactionalDdl() {
        return true;
    }

    @Override
    public String current(Connection connection) throws SQLException {
        return Objects.requireNonNull(SingleValue.text(connection, "select current_setting('lock_timeout')"));
    }

    @Override
    public void set(Connection connection, Duration timeout) throws SQLException {
        restore(connection, Math.max(1, timeout.toMillis()) + "ms");
    }

    /** {@code set_config(..., true)} is {@code SET LOCAL}: it ends with the transaction. */
    @Override
    public long setForTransaction(Connection connection, Duration timeout) throws SQLException {
        return Objects.requireNonNull(SingleValue.number(
                connection,
                "select pg_backend_pid(), set_config('lock_timeout', ?, true)",
                Math.max(1, timeout.toMillis()) + "ms"));
    }

    @Override
    public void restore(Connection connection, String previous) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select set_config('lock_timeout', ?, false)")) {
            statement.setString(1, previous);
            statement.execute();
        }
    }

    @Override
    public boolean isLockTimeout(SQLException e) {
        return dialect.isLockTimeout(e);
    }

    @Override
    public long sessionId(Connection connection) throws SQLException {
        return Objects.requireNonNull(SingleValue.number(connection, "select pg_backend_pid()"));
    }

    @Override
    public List<Blocker> blockers(Connection observer, long sessionId) throws SQLException {
        List<Blocker> blockers = new ArrayList<>();
        try (PreparedStatement statement = observer.prepareStatement(BLOCKERS)) {
            statement.setInt(1, (int) sessionId);
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    double age = row.getDouble(5);
                    boolean noTransaction = row.wasNull();
                    String query = row.getString(6);
                    String user = row.getString(3);
                    blockers.add(new Blocker(
                            "pid " + row.getLong(1),
                            "application_name '" + row.getString(2) + "'" + (user.isEmpty() ? "" : ", user " + user),
                            row.getString(4).isEmpty() ? "state unknown" : row.getString(4),
                            noTransaction ? null : Duration.ofMillis((long) (age * 1000)),
                            query == null ? null : SqlRedactor.shown(query, 200)));
                }
            }
        }
        return blockers;
    }
}
