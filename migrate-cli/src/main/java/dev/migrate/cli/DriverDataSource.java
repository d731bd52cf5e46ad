package dev.migrate.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Opens a new connection on each call, with the driver the URL names: the two drivers the jar
 * ships are created directly (DriverManager would load and register every driver on the class
 * path first); any other URL goes through DriverManager, e.g. H2's with its jar on the class path.
 */
final class DriverDataSource implements DataSource {

    private final String url;
    private final Properties login = new Properties();
    private @Nullable Driver driver;

    DriverDataSource(String url, @Nullable String user, @Nullable String password) {
        this.url = url;
        if (user != null) {
            login.setProperty("user", user);
        }
        if (password != null) {
            login.setProperty("password", password);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        Driver known = driver();
        if (known != null) {
            Connection connection = known.connect(url, login);
            if (connection != null) {
                return connection;
            }
        }
        return DriverManager.getConnection(url, login);
    }

    private @Nullable Driver driver() {
        if (driver == null) {
            if (url.startsWith("jdbc:postgresql:")) {
                driver = new org.postgresql.Driver();
            } else if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
                driver = new org.mariadb.jdbc.Driver();
            }
        }
        return driver;
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the login is the CLI's settings (MIGRATE_USER, MIGRATE_PASSWORD)");
    }

    @Override
    public @Nullable PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(@Nullable PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "DriverDataSource";
    }
}
