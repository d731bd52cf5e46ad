package dev.migrate;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything of a session that a test compares before and after a run, read the way an
 * application would see it: every PostgreSQL setting with its source, who the session acts as, and
 * ({@link #preparedStatements} apart); every MariaDB session variable, the role and the database.
 */
final class SessionSnapshot {

    /** MariaDB values that change on their own (the clock, the random seeds). */
    private static final Set<String> MARIADB_VOLATILE = Set.of("timestamp", "rand_seed1", "rand_seed2");

    private SessionSnapshot() {}

    static Map<String, String> postgres(Connection connection) throws SQLException {
        Map<String, String> snapshot = new TreeMap<>();
        read(connection, "select name, setting || ' (' || source || ')' from pg_settings", snapshot, "");
        read(
                connection,
                "select 'current_user', current_user::text union all select 'session_user', session_user::text"
                        + " union all select 'role', current_setting('role')"
                        + " union all select 'session_authorization', current_setting('session_authorization')",
                snapshot,
                "who:");
        return snapshot;
    }

    /** The session's server-side prepared statements: name to SQL. */
    static Map<String, String> preparedStatements(Connection connection) throws SQLException {
        Map<String, String> statements = new TreeMap<>();
        read(connection, "select name, statement from pg_prepared_statements", statements, "");
        return statements;
    }

    static Map<String, String> mariadb(Connection connection) throws SQLException {
        Map<String, String> snapshot = new TreeMap<>();
        read(connection, "show session variables", snapshot, "");
        MARIADB_VOLATILE.forEach(snapshot::remove);
        read(
                connection,
                "select 'role', coalesce(current_role(), 'NONE') union all select 'database', database()"
                        + " union all select 'user', current_user()",
                snapshot,
                "who:");
        return snapshot;
    }

    private static void read(Connection connection, String sql, Map<String, String> into, String prefix)
            throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                into.put(prefix + rows.getString(1).toLowerCase(Locale.ROOT), String.valueOf(rows.getString(2)));
            }
        }
    }
}
