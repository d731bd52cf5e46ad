package dev.migrate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A database server tests can create databases on: where it is, how to log in as an
 * administrator, and how it was found (for messages).
 */
record DatabaseServer(String adminUrl, String user, String password, String foundBy) {

    Connection connect() throws SQLException {
        return DriverManager.getConnection(adminUrl, user, password);
    }

    /** The server URL with its database part replaced. */
    String urlFor(String database) {
        int query = adminUrl.indexOf('?');
        String base = query < 0 ? adminUrl : adminUrl.substring(0, query);
        String params = query < 0 ? "" : adminUrl.substring(query);
        int slash = base.lastIndexOf('/');
        return base.substring(0, slash + 1) + database + params;
    }

    static boolean reachable(String url, String user, String password) {
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }
}
