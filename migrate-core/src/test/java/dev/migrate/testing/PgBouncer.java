package dev.migrate.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The PgBouncer the PgBouncer tests go through, in transaction pooling mode in front of the
 * PostgreSQL server {@link TestDatabase} uses, so that a test database is reachable through it by
 * name. Found at {@code MIGRATE_TEST_PGBOUNCER_URL} (a JDBC URL of any database through it), else
 * at 127.0.0.1:6432. Not found is a failure that says how to start one.
 */
public final class PgBouncer {

    private static final String URL = "MIGRATE_TEST_PGBOUNCER_URL";
    private static final String LOCAL = "jdbc:postgresql://127.0.0.1:6432/postgres";

    private PgBouncer() {}

    /** The JDBC URL of {@code db} through PgBouncer. */
    public static String urlFor(TestDatabase db) {
        String base = System.getenv().getOrDefault(URL, LOCAL);
        DatabaseServer server = new DatabaseServer(base, db.user(), db.password(), "PgBouncer");
        String url = server.urlFor(db.name());
        try (Connection ignored = DriverManager.getConnection(url, db.user(), db.password())) {
            return url;
        } catch (SQLException e) {
            throw new IllegalStateException("No PgBouncer at " + url + " (" + e.getMessage() + "). These tests need"
                    + " PgBouncer in transaction pooling mode in front of the test PostgreSQL: run `bash .ci/run`"
                    + " (installs Debian's pgbouncer and starts it on 127.0.0.1:6432), or set " + URL
                    + " to the JDBC URL of one; or leave them out by not passing -Pexternal-tools.");
        }
    }
}
