package dev.migrate.internal.session;

import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.ServerProcess;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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

    /** A GUC name as {@code pg_settings} lists it, extension placeholders ({@code app.tenant}) included. */
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_$]*(\\.[a-z_][a-z0-9_$]*)*");

    /**
     * What a session holds beyond settings: session advisory locks (a 64-bit key, or two 32-bit
     * ones; shared or exclusive), SQL-level prepared statements (not the driver's), {@code WITH
     * HOLD} cursors, temporary relations and {@code LISTEN} channels. Each row: kind, name, and what
     * {@link #release} needs (the lock's arguments, the relation's kind).
     */
    private static final String LEFTOVERS = "select 'advisory lock', case when l.objsubid = 1"
            + " then ((l.classid::bigint << 32) | l.objid::bigint)::text"
            + " else (l.classid::bigint - case when l.classid::bigint >= 2147483648 then 4294967296 else 0 end)"
            + " || ', ' || (l.objid::bigint - case when l.objid::bigint >= 2147483648 then 4294967296 else 0 end)"
            + " end, l.mode from pg_catalog.pg_locks l where l.locktype = 'advisory' and l.granted"
            + " and l.pid = pg_backend_pid()"
            + " union all select 'prepared statement', name, '' from pg_catalog.pg_prepared_statements where from_sql"
            + " union all select 'cursor', name, '' from pg_catalog.pg_cursors where is_holdable"
            + " union all select 'temporary relation', c.relname, c.relkind::text from pg_catalog.pg_class c"
            + " where c.relnamespace = pg_my_temp_schema() and c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')"
            + " union all select 'listen', channel, '' from pg_listening_channels() as channel";

    /** The statement that ends one leftover, from what {@link #LEFTOVERS} read. */
    private static String release(String kind, String name, String detail) {
        return switch (kind) {
            case "advisory lock" ->
                "select pg_advisory_unlock" + (detail.equals("ShareLock") ? "_shared" : "") + "(" + name + ")";
            case "prepared statement" -> "deallocate " + quote(name);
            case "cursor" -> "close " + quote(name);
            case "temporary relation" ->
                "drop "
                        + switch (detail) {
                            case "v" -> "view";
                            case "m" -> "materialized view";
                            case "S" -> "sequence";
                            case "f" -> "foreign table";
                            default -> "table";
                        }
                        + " if exists pg_temp." + quote(name) + " cascade";
            case "listen" -> "unlisten " + quote(name);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** How often one advisory lock is unlocked at most: a session lock taken n times needs n unlocks. */
    private static final int UNLOCKS = 1000;

    /** The server process the last capture ran in. */
    private int serverPid;

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
        return ServerProcess.behindProxy(connection, serverPid);
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
     * {@code SET LOCAL} as {@link #actAsCapturedUser} does with {@code set_config(..., true)}: the
     * authorization first (setting it resets the role), then the role ({@code none} as the
     * captured value is no role, as there).
     */
    @Override
    public @Nullable List<String> actAsCapturedUserStatements(Snapshot captured, Dialect dialect) {
        String authorization = dialect.stringLiteral(captured.get(AUTHORIZATION));
        String role = dialect.stringLiteral(captured.get(ROLE));
        if (authorization == null || role == null) {
            return null;
        }
        return List.of("set local session authorization " + authorization, "set local role " + role);
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

    @Override
    public Set<Leftover> leftovers(Connection connection) throws SQLException {
        Set<Leftover> found = new LinkedHashSet<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(LEFTOVERS)) {
            while (rows.next()) {
                String kind = rows.getString(1);
                String name = rows.getString(2);
                String detail = rows.getString(3);
                found.add(new Leftover(
                        kind,
                        kind.equals("advisory lock") ? name + " (" + detail + ")" : name,
                        release(kind, name, detail)));
            }
        }
        return found;
    }

    /**
     * Ends each new leftover with its own statement (an advisory lock until the unlock says it
     * was the last hold), then reads again: whatever is still there is an error.
     */
    @Override
    public List<String> discardLeftovers(Connection connection, Set<Leftover> before) throws SQLException {
        List<String> discarded = new ArrayList<>();
        for (Leftover leftover : leftovers(connection)) {
            if (before.contains(leftover)) {
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                if (leftover.kind().equals("advisory lock")) {
                    for (int i = 0; i < UNLOCKS && unlocked(statement, leftover.release()); i++) {
                        // a session lock taken n times is held until its n-th unlock
                    }
                } else {
                    statement.execute(leftover.release());
                }
            }
            discarded.add(leftover.kind() + " " + leftover.name());
        }
        Set<Leftover> still = leftovers(connection);
        still.removeAll(before);
        if (!still.isEmpty()) {
            throw new SQLException("could not remove "
                    + still.stream()
                            .map(leftover -> leftover.kind() + " " + leftover.name())
                            .toList());
        }
        return discarded;
    }

    private static boolean unlocked(Statement statement, String unlock) throws SQLException {
        try (ResultSet row = statement.executeQuery(unlock)) {
            return row.next() && row.getBoolean(1);
        }
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
