package dev.migrate.internal.dialect;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * Queries that answer one value, the first column of their first row: a session id, a setting, a
 * schema, whether an unlock released. Parameters are bound in order with {@code setObject} (a
 * {@code String} as text, a {@code Long} as a 64-bit integer).
 */
public final class SingleValue {

    private SingleValue() {}

    /** The value as text; null without rows or for SQL NULL. */
    public static @Nullable String text(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** The value as a number; null without rows or for SQL NULL. */
    public static @Nullable Long number(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            long value = row.getLong(1);
            return row.wasNull() ? null : value;
        }
    }

    /** Whether the value is true; false without rows or for SQL NULL. */
    public static boolean isTrue(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet row = statement.executeQuery()) {
            return row.next() && row.getBoolean(1);
        }
    }

    /** Whether the query answers at least one row. */
    public static boolean anyRow(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = prepare(connection, sql, parameters);
                ResultSet row = statement.executeQuery()) {
            return row.next();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }
}
