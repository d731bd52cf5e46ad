package dev.migrate.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local PostgreSQL server the benchmarks run on (loopback only, trust authentication). Creates
 * a fresh database per measured run and drops it afterwards.
 */
final class PostgresServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final String host;
    private final int port;
    private final String user;

    PostgresServer(String host, int port, String user) {
        if (!host.equals("localhost") && !host.startsWith("127.") && !host.equals("::1")) {
            throw new IllegalArgumentException("benchmarks run against a loopback server only, not " + host);
        }
        this.host = host;
        this.port = port;
        this.user = user;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** A JDBC URL for {@code database} on this server. */
    String url(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=" + user;
    }

    /** A connection to the server's {@code postgres} database, for administration and polling. */
    Connection admin() throws SQLException {
        return DriverManager.getConnection(url("postgres"));
    }

    /** Creates a new empty database named after {@code purpose}. */
    BenchDatabase createDatabase(String purpose) throws SQLException {
        String name = "bench_" + purpose + "_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        }
        return new BenchDatabase(this, name);
    }

    /** Drops {@code database}, ending any session still connected to it. */
    void dropDatabase(String database) throws SQLException {
        try (Connection connection = admin();
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
        }
    }

    /** The server's {@code version()} string. */
    String version() throws SQLException {
        try (Connection connection = admin();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select version()")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
