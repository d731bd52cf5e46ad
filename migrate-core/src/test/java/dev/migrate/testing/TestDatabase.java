package dev.migrate.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database of its own for one test class, on a real server, dropped on {@link #close()}.
 *
 * <p>The server is found in this order: an explicit JDBC URL from the environment ({@code
 * MIGRATE_TEST_POSTGRES_URL} / {@code MIGRATE_TEST_MARIADB_URL}, with {@code _USER} and {@code
 * _PASSWORD}), then Testcontainers where Docker is available, then the local server on the default
 * port, and for PostgreSQL finally an embedded server. No server found is a failure that says how
 * to provide one; a test never skips.
 */
public final class TestDatabase implements AutoCloseable {

    private final Kind kind;
    private final DatabaseServer server;
    private final String name;

    /** Which database. */
    public enum Kind {
        POSTGRESQL,
        MARIADB,
        H2
    }

    private TestDatabase(Kind kind, DatabaseServer server, String name) {
        this.kind = kind;
        this.server = server;
        this.name = name;
    }

    /** A new, empty PostgreSQL database. */
    public static TestDatabase postgres(String hint) {
        return create(Kind.POSTGRESQL, hint);
    }

    /** A new, empty MariaDB (or MySQL) database. */
    public static TestDatabase mariadb(String hint) {
        return create(Kind.MARIADB, hint);
    }

    /** A new in-memory H2 database, kept until the JVM ends or {@link #close()}. */
    public static TestDatabase h2(String hint) {
        String name = uniqueName(hint);
        DatabaseServer server = new DatabaseServer("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "", "in-memory");
        return new TestDatabase(Kind.H2, server, name);
    }

    public static TestDatabase create(Kind kind, String hint) {
        if (kind == Kind.H2) {
            return h2(hint);
        }
        DatabaseServer server = kind == Kind.POSTGRESQL ? ServerFinder.postgres() : ServerFinder.mariadb();
        String name = uniqueName(hint);
        try (Connection connection = server.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name + " on " + server.foundBy(), e);
        }
        return new TestDatabase(kind, server, name);
    }

    private static String uniqueName(String hint) {
        String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (clean.length() > 30) {
            clean = clean.substring(0, 30);
        }
        return "mt_" + clean + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public Kind kind() {
        return kind;
    }

    /** The JDBC URL of this database. */
    public String url() {
        return kind == Kind.H2 ? server.adminUrl() : server.urlFor(name);
    }

    public String user() {
        return server.user();
    }

    public String password() {
        return server.password();
    }

    /** The database's name on its server. */
    public String name() {
        return name;
    }

    /** A new non-pooling DataSource (each {@code getConnection} opens a connection). */
    public DataSource dataSource() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(url(), user(), password());
        return dataSource;
    }

    /** A HikariCP pool of at most {@code size} connections to this database, as its user. */
    public HikariDataSource pool(int size) {
        return pool(url(), size);
    }

    /**
     * A HikariCP pool of at most {@code size} connections to {@code url} (this database's with
     * driver parameters, or a proxy's in front of it), as this database's user.
     */
    public HikariDataSource pool(String url, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user());
        config.setPassword(password());
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    /** A new connection to this database. */
    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    @Override
    public void close() {
        try {
            switch (kind) {
                case H2 -> {
                    try (Connection c = connect();
                            Statement s = c.createStatement()) {
                        s.execute("shutdown");
                    }
                }
                case POSTGRESQL -> {
                    try (Connection c = server.connect();
                            Statement s = c.createStatement()) {
                        s.execute("drop database if exists " + name + " with (force)");
                    }
                }
                case MARIADB -> {
                    try (Connection c = server.connect();
                            Statement s = c.createStatement()) {
                        s.execute("drop database if exists " + name);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name, e);
        }
    }

    @Override
    public String toString() {
        return kind + " " + name + " (" + server.foundBy() + ")";
    }
}
