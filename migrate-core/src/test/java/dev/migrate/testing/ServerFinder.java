package dev.migrate.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** Finds (once per JVM) the servers tests run on; see {@link TestDatabase} for the order. */
final class ServerFinder {

    private static final String PG_URL = "MIGRATE_TEST_POSTGRES_URL";
    private static final String MARIADB_URL = "MIGRATE_TEST_MARIADB_URL";

    /**
     * {@code false} skips the local servers on their default ports, as on a machine without them
     * (to prove the embedded fallbacks): system property {@code migrate.test.local-servers} or
     * environment variable {@code MIGRATE_TEST_LOCAL_SERVERS}.
     */
    private static final String LOCAL_SERVERS = "migrate.test.local-servers";

    private static DatabaseServer postgres;
    private static DatabaseServer mariadb;

    private ServerFinder() {}

    static synchronized DatabaseServer postgres() {
        if (postgres == null) {
            postgres = announce("PostgreSQL", findPostgres());
        }
        return postgres;
    }

    static synchronized DatabaseServer mariadb() {
        if (mariadb == null) {
            mariadb = announce("MariaDB", findMariaDb());
        }
        return mariadb;
    }

    private static DatabaseServer findPostgres() {
        DatabaseServer explicit = fromEnvironment(PG_URL, "postgres");
        if (explicit != null) {
            return explicit;
        }
        if (dockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new DatabaseServer(
                    container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers");
        }
        String local = "jdbc:postgresql://127.0.0.1:5432/postgres";
        if (localServers() && DatabaseServer.reachable(local, "postgres", "")) {
            return new DatabaseServer(local, "postgres", "", "local server 127.0.0.1:5432");
        }
        try {
            EmbeddedPostgres embedded = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is ending
                }
            }));
            return new DatabaseServer(
                    embedded.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded PostgreSQL");
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "No PostgreSQL for the tests: set " + PG_URL + " (and " + PG_URL
                            + "_USER/_PASSWORD) to a server's JDBC URL, start Docker, or run a server on 127.0.0.1:5432"
                            + " with user postgres and trust auth; the embedded server failed too: " + e,
                    e);
        }
    }

    private static DatabaseServer findMariaDb() {
        DatabaseServer explicit = fromEnvironment(MARIADB_URL, "root");
        if (explicit != null) {
            return explicit;
        }
        if (dockerAvailable()) {
            MariaDBContainer container = new MariaDBContainer("mariadb:11");
            container.withUsername("root");
            container.start();
            return new DatabaseServer(container.getJdbcUrl(), "root", container.getPassword(), "Testcontainers");
        }
        String local = "jdbc:mariadb://127.0.0.1:3306/test";
        if (localServers() && DatabaseServer.reachable(local, "root", "")) {
            return new DatabaseServer(local, "root", "", "local server 127.0.0.1:3306");
        }
        try {
            return EmbeddedMariaDb.start();
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException(
                    "No MariaDB for the tests: set " + MARIADB_URL + " (and " + MARIADB_URL
                            + "_USER/_PASSWORD) to a server's JDBC URL with a user that may create databases,"
                            + " start Docker, or run MariaDB on 127.0.0.1:3306 with user root and no password"
                            + " (bash .ci/run starts one); the embedded MariaDB failed too: " + e,
                    e);
        }
    }

    private static DatabaseServer announce(String product, DatabaseServer server) {
        System.err.println("[tests] " + product + ": " + server.foundBy() + " (" + server.adminUrl() + ")");
        return server;
    }

    private static boolean localServers() {
        String value = System.getProperty(LOCAL_SERVERS, System.getenv("MIGRATE_TEST_LOCAL_SERVERS"));
        return !"false".equalsIgnoreCase(value);
    }

    private static DatabaseServer fromEnvironment(String variable, String defaultUser) {
        String url = System.getenv(variable);
        if (url == null || url.isBlank()) {
            return null;
        }
        String user = System.getenv().getOrDefault(variable + "_USER", defaultUser);
        String password = System.getenv().getOrDefault(variable + "_PASSWORD", "");
        if (!DatabaseServer.reachable(url, user, password)) {
            throw new IllegalStateException(variable + " is set to " + url + " but no connection could be made");
        }
        return new DatabaseServer(url, user, password, variable);
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }
}
