package dev.migrate.internal.session;

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
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.springframework.util.ClassUtils;

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
            + " union all select 'role', current_setting('role')"
            + " union all select 'pg_backend_pid()', pg_backend_pid()::text";

    private static final String PID = "pg_backend_pid()";

    private static final boolean PGJDBC_PRESENT =
            ClassUtils.isPresent("org.postgresql.PGConnection", PostgresSessionState.class.getClassLoader());

    /** A GUC name as {@code pg_settings} lists it, extension placeholders ({@code app.tenant}) included. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)*");

    /** The server process the last capture ran in. */
    private int serverPid;
    /** pgjdbc's prepareThreshold before {@link #adaptToProxy}, to put back; null when untouched. */
    private @Nullable Integer prepareThreshold;

    @Override
    public Snapshot capture(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(CAPTURE)) {
            while (rows.next()) {
                settings.put(rows.getString(1), Objects.requireNonNullElse(rows.getString(2), ""));
            }
        }
        serverPid = Integer.parseInt(settings.remove(PID));
        return new Snapshot(settings);
    }

    /**
     * pgjdbc knows the server process it connected to from the start-up handshake; behind a proxy
     * that is the proxy's made-up one, not the process that runs the statements.
     */
    @Override
    public boolean throughProxy(Connection connection) {
        if (!PGJDBC_PRESENT) {
            return false;
        }
        try {
            return connection.isWrapperFor(PGConnection.class)
                    && connection.unwrap(PGConnection.class).getBackendPID() != serverPid;
        } catch (SQLException e) {
            return false;
        }
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

    /**
     * pgjdbc prepares a statement on the server, under a name, from its fifth use ({@code
     * prepareThreshold}); behind PgBouncer before 1.21 (no {@code max_prepared_statements}) in
     * transaction mode the name exists on one server connection only, and the next use fails with
     * "prepared statement S_1 does not exist" (or "already exists"). Threshold 0 sends every
     * statement unnamed.
     */
    @Override
    public void adaptToProxy(Connection connection) throws SQLException {
        if (PGJDBC_PRESENT && connection.isWrapperFor(PGConnection.class)) {
            PGConnection driver = connection.unwrap(PGConnection.class);
            prepareThreshold = driver.getPrepareThreshold();
            driver.setPrepareThreshold(0);
        }
    }

    @Override
    public List<String> restore(Connection connection, Snapshot captured) throws SQLException {
        Integer threshold = prepareThreshold;
        if (threshold != null) {
            connection.unwrap(PGConnection.class).setPrepareThreshold(threshold);
            prepareThreshold = null;
        }
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
