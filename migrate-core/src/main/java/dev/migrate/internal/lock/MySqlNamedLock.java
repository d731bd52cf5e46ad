package dev.migrate.internal.lock;

import dev.migrate.LockHolder;
import dev.migrate.LockType;
import dev.migrate.internal.dialect.SingleValue;
import dev.migrate.internal.redact.SqlRedactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@link LockType#MYSQL_NAMED}: a MySQL/MariaDB named lock, taken with {@code GET_LOCK(name, 0)}
 * (a try, polled) on the run's pinned connection and released with {@code RELEASE_LOCK(name)} on
 * the same connection. The holder is {@code IS_USED_LOCK(name)}'s connection id, described from
 * {@code information_schema.processlist}.
 */
final class MySqlNamedLock extends SessionLock {

    private final String name;

    MySqlNamedLock(String name, Duration timeout) {
        super(timeout);
        if (name.length() > LockKeys.MYSQL_MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("lock name longer than 64 characters: " + name);
        }
        this.name = name;
    }

    @Override
    public LockType type() {
        return LockType.MYSQL_NAMED;
    }

    @Override
    public String key() {
        return name;
    }

    /** {@code GET_LOCK} answers 1 (taken), 0 (held elsewhere) or NULL (an error). */
    @Override
    boolean tryLock(Connection connection) throws SQLException {
        return queryInt(connection, "select get_lock(?, 0)") == 1;
    }

    /** {@code RELEASE_LOCK} answers 1 (released), 0 (held by another session) or NULL (not held). */
    @Override
    boolean unlock(Connection connection) throws SQLException {
        return queryInt(connection, "select release_lock(?)") == 1;
    }

    private int queryInt(Connection connection, String sql) throws SQLException {
        Long value = SingleValue.number(connection, sql, name);
        return value == null ? -1 : value.intValue();
    }

    @Override
    public Optional<LockHolder> holder(Connection connection) throws SQLException {
        long id;
        try (PreparedStatement statement = connection.prepareStatement("select is_used_lock(?)")) {
            statement.setString(1, name);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                id = row.getLong(1);
                if (row.wasNull()) {
                    return Optional.empty();
                }
            }
        }
        Map<String, String> details = new LinkedHashMap<>();
        details.put("connectionId", Long.toString(id));
        try (PreparedStatement statement =
                connection.prepareStatement("select user, host, db, command, time, state, left(info, 200)"
                        + " from information_schema.processlist where id = ?")) {
            statement.setLong(1, id);
            try (ResultSet row = statement.executeQuery()) {
                if (row.next()) {
                    put(details, "user", row.getString(1));
                    put(details, "host", row.getString(2));
                    put(details, "database", row.getString(3));
                    put(details, "command", row.getString(4));
                    put(details, "timeSeconds", row.getString(5));
                    put(details, "state", row.getString(6));
                    String query = row.getString(7);
                    put(details, "query", query == null ? null : SqlRedactor.redact(query));
                }
            }
        }
        StringBuilder text = new StringBuilder("MySQL connection id ").append(id);
        if (details.containsKey("user")) {
            text.append(" (user ").append(details.get("user"));
            text.append(", client ").append(details.getOrDefault("host", "?"));
            text.append(", ").append(details.getOrDefault("command", "?"));
            text.append(" for ")
                    .append(details.getOrDefault("timeSeconds", "?"))
                    .append(" s");
            if (details.containsKey("state")) {
                text.append(", state '").append(details.get("state")).append("'");
            }
            if (details.containsKey("query")) {
                text.append(", running: ").append(SqlRedactor.shown(details.get("query"), 120));
            }
            text.append(")");
        }
        return Optional.of(new LockHolder(text.toString(), details));
    }
}
