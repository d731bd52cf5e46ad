package dev.migrate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PgBouncers the PgBouncer tests go through, in transaction pooling mode in front of the
 * PostgreSQL server {@link TestDatabase} uses, so that a test database is reachable through them by
 * name: one with {@code server_round_robin = 1} (a client's next transaction usually runs on another
 * server connection), found at {@code MIGRATE_TEST_PGBOUNCER_URL} (a JDBC URL of any database
 * through it), else at 127.0.0.1:6432; and one with PgBouncer's default settings
 * ({@code server_round_robin = 0}: the server connection released last is handed out next) and a
 * small pool ({@code default_pool_size = 3}), at {@code MIGRATE_TEST_PGBOUNCER_DEFAULTS_URL}, else
 * 127.0.0.1:6433. Not found is a failure that says how to start one ({@code bash .ci/run} starts
 * both).
 */
public final class PgBouncer {

    private static final String URL = "MIGRATE_TEST_PGBOUNCER_URL";
    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:6432/postgres";
    private static final String DEFAULTS_URL = "MIGRATE_TEST_PGBOUNCER_DEFAULTS_URL";
    private static final String DEFAULTS_LOCAL = "jdbc:postgresql://127.0.0.1:6433/postgres";

    /** The server connections of the pool of the PgBouncer at {@link #defaultsUrlFor}. */
    public static final int DEFAULTS_POOL_SIZE = 3;

    private PgBouncer() {}

    /** The JDBC URL of {@code db} through the round-robin PgBouncer. */
    public static String urlFor(TestDatabase db) {
        return reachable(db, URL, LOCAL, "pool_mode = transaction, server_round_robin = 1, on 127.0.0.1:6432");
    }

    /** The JDBC URL of {@code db} through the PgBouncer with default settings and a pool of three. */
    public static String defaultsUrlFor(TestDatabase db) {
        return reachable(
                db,
                DEFAULTS_URL,
                DEFAULTS_LOCAL,
                "pool_mode = transaction, default_pool_size = " + DEFAULTS_POOL_SIZE
                        + " and otherwise PgBouncer's defaults, on 127.0.0.1:6433");
    }

    private static String reachable(TestDatabase db, String variable, String local, String expected) {
        String base = System.getenv().getOrDefault(variable, local);
        DatabaseServer server = new DatabaseServer(base, db.user(), db.password(), "PgBouncer");
        String url = server.urlFor(db.name());
        try (Connection ignored = DriverManager.getConnection(url, db.user(), db.password())) {
            return url;
        } catch (SQLException e) {
            throw new IllegalStateException("No PgBouncer at " + url + " (" + e.getMessage() + "). These tests need"
                    + " PgBouncer in front of the test PostgreSQL (" + expected + "): run `bash .ci/run`"
                    + " (installs Debian's pgbouncer and starts it), or set " + variable
                    + " to the JDBC URL of one; or leave them out by not passing -Pexternal-tools.");
        }
    }
}
