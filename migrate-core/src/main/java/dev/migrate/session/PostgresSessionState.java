package dev.migrate.session;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * PostgreSQL: every setting whose source is {@code session} (what {@code SET} and {@code
 * set_config(..., false)} leave behind, migrate's own {@code application_name} and keepalives
 * included), plus {@code session_authorization} and {@code role}, which {@code pg_settings} does
 * not show. A setting the run left that was not set before is {@code RESET} (back to the value the
 * connection was opened with); one that differs, or that a migration reset, gets its value back
 * with {@code set_config}. The authorization is restored before the role, because setting it
 * resets the role.
 */
final class PostgresSessionState implements SessionState {

    static final String AUTHORIZATION = "session_authorization";
    static final String ROLE = "role";

    private static final String CAPTURE = "select name, setting from pg_settings where source = 'session'"
            + " and name not in ('session_authorization', 'role')"
            + " union all select 'session_authorization', current_setting('session_authorization')"
            + " union all select 'role', current_setting('role')";

    /** A GUC name as {@code pg_settings} lists it, extension placeholders ({@code app.tenant}) included. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)*");

    @Override
    public Snapshot capture(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(CAPTURE)) {
            while (rows.next()) {
                settings.put(rows.getString(1), Objects.requireNonNullElse(rows.getString(2), ""));
            }
        }
        return new Snapshot(settings);
    }

    /** {@code set_config(..., true)} is {@code SET LOCAL}: it ends with the history write's transaction. */
    @Override
    public void actAsCapturedUser(Connection connection, Snapshot captured) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select set_config('session_authorization', ?, true), set_config('role', ?, true)")) {
            statement.setString(1, captured.get(AUTHORIZATION));
            statement.setString(2, captured.get(ROLE));
            statement.execute();
        }
    }

    @Override
    public List<String> restore(Connection connection, Snapshot captured) throws SQLException {
        Map<String, String> now = capture(connection).settings();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> resets = new ArrayList<>();
        boolean authorizationChanged = !captured.get(AUTHORIZATION).equals(now.get(AUTHORIZATION));
        if (authorizationChanged) {
            values.put(AUTHORIZATION, captured.get(AUTHORIZATION));
        }
        if (authorizationChanged || !captured.get(ROLE).equals(now.get(ROLE))) {
            values.put(ROLE, captured.get(ROLE));
        }
        for (Map.Entry<String, String> setting : now.entrySet()) {
            String name = setting.getKey();
            if (name.equals(AUTHORIZATION) || name.equals(ROLE)) {
                continue;
            }
            String before = captured.settings().get(name);
            if (before == null) {
                resets.add(name);
            } else if (!before.equals(setting.getValue())) {
                values.put(name, before);
            }
        }
        captured.settings().forEach((name, value) -> {
            if (!now.containsKey(name)) {
                values.put(name, value); // a migration reset what the session had set
            }
        });
        if (!values.isEmpty()) {
            setAll(connection, values);
        }
        if (!resets.isEmpty()) {
            try (Statement statement = connection.createStatement()) {
                for (String name : resets) {
                    if (!NAME.matcher(name).matches()) {
                        throw new SQLException("cannot reset the session setting '" + name + "'");
                    }
                    statement.addBatch("reset " + name);
                }
                statement.executeBatch();
            }
        }
        List<String> restored = new ArrayList<>(values.keySet());
        restored.addAll(resets);
        return restored;
    }

    /** One round trip; {@code unnest} yields the pairs in order, so the authorization goes first. */
    private static void setAll(Connection connection, Map<String, String> values) throws SQLException {
        Array names = connection.createArrayOf("text", values.keySet().toArray());
        Array settings = connection.createArrayOf("text", values.values().toArray());
        try (PreparedStatement statement = connection.prepareStatement(
                "select set_config(name, setting, false) from unnest(?::text[], ?::text[]) as s(name, setting)")) {
            statement.setArray(1, names);
            statement.setArray(2, settings);
            statement.execute();
        } finally {
            names.free();
            settings.free();
        }
    }
}
