package dev.migrate.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A PostgreSQL login role of its own for one test, uniquely named (other builds run the same tests
 * on the same server at the same time, and {@code "$user"} in the search path must be this test's
 * alone), dropped on {@link #close()}. Close it after the databases it owns objects in.
 */
public final class TestRole implements AutoCloseable {

    private final DatabaseServer server;
    private final String name;
    private final String password;

    private TestRole(DatabaseServer server, String name, String password) {
        this.server = server;
        this.name = name;
        this.password = password;
    }

    /** A new login role, no other privileges, on the PostgreSQL server tests use. */
    public static TestRole postgres(String hint) {
        DatabaseServer server = ServerFinder.postgres();
        String clean = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (clean.length() > 20) {
            clean = clean.substring(0, 20);
        }
        String name = "mt_role_" + clean + "_" + UUID.randomUUID().toString().substring(0, 8);
        String password = UUID.randomUUID().toString().replace("-", "");
        try (Connection connection = server.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("create role " + name + " login password '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test role " + name + " on " + server.foundBy(), e);
        }
        return new TestRole(server, name, password);
    }

    /** The role's name, lower case, so that an unquoted {@code create schema <name>} matches {@code "$user"}. */
    public String name() {
        return name;
    }

    public String password() {
        return password;
    }

    /**
     * A non-pooling DataSource that logs in to the database as this role. The URL's own {@code user}
     * and {@code password} parameters are left out: the embedded server's URL names its superuser,
     * and the driver lets the URL win over the user given apart.
     */
    public DataSource dataSource(TestDatabase database) {
        return new DriverManagerDataSource(withoutLogin(database.url()), name, password);
    }

    static String withoutLogin(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return url;
        }
        String kept = Arrays.stream(url.substring(query + 1).split("&"))
                .filter(parameter -> !parameter.startsWith("user=") && !parameter.startsWith("password="))
                .collect(Collectors.joining("&"));
        return url.substring(0, query) + (kept.isEmpty() ? "" : "?" + kept);
    }

    /** Runs statements on the database as the server's administrator (grants, ownership). */
    public static void asAdministrator(TestDatabase database, String... sql) throws SQLException {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }

    @Override
    public void close() {
        try (Connection connection = server.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("drop role if exists " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test role " + name, e);
        }
    }

    @Override
    public String toString() {
        return "role " + name;
    }
}
