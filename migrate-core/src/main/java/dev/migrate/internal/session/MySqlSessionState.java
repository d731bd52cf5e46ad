package dev.migrate.internal.session;

import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MySQL and MariaDB: every session variable ({@code SHOW SESSION VARIABLES}), the current role
 * ({@code SET ROLE}) and the current database ({@code USE}). Variables that differ afterwards are
 * set back one by one with {@code SET SESSION}; global-only variables another session changed
 * meanwhile cannot be and are left alone. A role adds privileges to the user's own here, so the
 * history is writable whatever role a migration set.
 */
final class MySqlSessionState implements SessionState {

    private static final Log log = Log.of(MySqlSessionState.class);

    static final String ROLE = "current_role()";
    static final String DATABASE = "database()";

    /** Values that change by themselves or report on the last statement; they are not settings. */
    private static final Set<String> VOLATILE = Set.of(
            "timestamp",
            "rand_seed1",
            "rand_seed2",
            "last_insert_id",
            "insert_id",
            "identity",
            "last_gtid",
            "warning_count",
            "error_count",
            "in_transaction",
            "gtid_seq_no");

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    /** Not a session variable (1228/1229: global-only; 1238: read-only): another session changed its global value. */
    private static final Set<Integer> NOT_SETTABLE = Set.of(1228, 1229, 1238);

    /** ER_SP_DOES_NOT_EXIST: "FUNCTION current_role does not exist" before MySQL 8 / MariaDB 10.0.5. */
    private static final int NO_SUCH_FUNCTION = 1305;

    private boolean rolesSupported = true;

    @Override
    public Snapshot capture(Connection connection) throws SQLException {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select database()")) {
                rows.next();
                settings.put(DATABASE, Objects.requireNonNullElse(rows.getString(1), ""));
            }
            if (rolesSupported) {
                try (ResultSet rows = statement.executeQuery("select current_role()")) {
                    rows.next();
                    settings.put(ROLE, Objects.requireNonNullElse(rows.getString(1), "NONE"));
                } catch (SQLException e) {
                    if (e.getErrorCode() != NO_SUCH_FUNCTION) {
                        throw e;
                    }
                    rolesSupported = false; // MySQL 5.7 has no roles
                }
            }
            try (ResultSet rows = statement.executeQuery("show session variables")) {
                while (rows.next()) {
                    String name = rows.getString(1).toLowerCase(Locale.ROOT);
                    if (!VOLATILE.contains(name)) {
                        settings.put(name, Objects.requireNonNullElse(rows.getString(2), ""));
                    }
                }
            }
        }
        return new Snapshot(settings);
    }

    /** {@code UNLOCK TABLES}: harmless when the session locks none. */
    @Override
    public void releaseTableLocks(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("unlock tables");
        }
    }

    /**
     * {@code UNLOCK TABLES}, then {@code RELEASE_ALL_LOCKS()}: the run released its own named lock
     * before, and the server cannot list a session's named locks (without MariaDB's {@code
     * METADATA_LOCK_INFO} plugin), so every named lock still held is one a migration took.
     */
    @Override
    public List<String> discardLeftovers(Connection connection, Set<Leftover> before) throws SQLException {
        releaseTableLocks(connection);
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select release_all_locks()")) {
            int released = row.next() ? row.getInt(1) : 0;
            return released == 0 ? List.of() : List.of(released + " named lock" + (released == 1 ? "" : "s"));
        } catch (SQLException e) {
            if (e.getErrorCode() == NO_SUCH_FUNCTION) { // before MySQL 5.7 / MariaDB 10.5
                log.debug("The server has no release_all_locks(): " + e.getMessage());
                return List.of();
            }
            throw e;
        }
    }

    @Override
    public void actAsCapturedUser(Connection connection, Snapshot captured) {
        // A role's privileges add to the user's own: the history stays writable under any role.
    }

    @Override
    public List<String> restore(Connection connection, Snapshot captured) throws SQLException {
        Map<String, String> now = capture(connection).settings();
        List<String> restored = new ArrayList<>();
        String role = captured.get(ROLE);
        if (rolesSupported && !role.equals(now.get(ROLE))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("set role " + (role.equals("NONE") || role.startsWith("`") ? role : quote(role)));
            }
            restored.add("role");
        }
        String database = captured.get(DATABASE);
        if (!database.isEmpty() && !database.equals(now.get(DATABASE))) {
            connection.setCatalog(database); // the driver keeps track of the current database
            restored.add("database");
        }
        for (Map.Entry<String, String> setting : captured.settings().entrySet()) {
            String name = setting.getKey();
            String before = setting.getValue();
            if (name.equals(ROLE) || name.equals(DATABASE) || before.equals(now.get(name))) {
                continue;
            }
            if (set(connection, name, before)) {
                restored.add(name);
            }
        }
        return restored;
    }

    /** Sets one variable back; a number as a number, anything else as a string ({@code ''} may also mean NULL). */
    private static boolean set(Connection connection, String name, String value) throws SQLException {
        if (!NAME.matcher(name).matches()) {
            throw new SQLException("cannot restore the session variable '" + name + "'");
        }
        String sql = "set session " + name + " = ";
        try {
            if (NUMBER.matcher(value).matches()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql + value);
                }
            } else {
                try (PreparedStatement statement = connection.prepareStatement(sql + "?")) {
                    statement.setString(1, value);
                    statement.execute();
                }
            }
            return true;
        } catch (SQLException e) {
            if (NOT_SETTABLE.contains(e.getErrorCode())) {
                log.debug("Not restoring " + name + ": " + e.getMessage());
                return false;
            }
            if (value.isEmpty()) { // SHOW VARIABLES shows NULL as empty
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql + "null");
                }
                return true;
            }
            throw e;
        }
    }

    private static String quote(String identifier) {
        return '`' + identifier.replace("`", "``") + '`';
    }
}
