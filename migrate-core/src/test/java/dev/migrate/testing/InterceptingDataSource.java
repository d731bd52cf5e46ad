package dev.migrate.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A DataSource over a real one that lets a test act at an exact moment of a run: just before a
 * given SQL text goes to the database (through {@code prepareStatement}, {@code execute…} or
 * {@code addBatch}), its hook runs with the real connection. The hook may do anything a test
 * needs there (terminate the connection's backend from another connection, throw what a driver
 * could throw); the SQL itself then goes to the real database.
 */
public final class InterceptingDataSource extends ForwardingDataSource {

    /** Runs before each SQL text is sent. */
    @FunctionalInterface
    public interface Hook {
        void before(Connection connection, String sql) throws SQLException;
    }

    private final Hook hook;

    public InterceptingDataSource(DataSource target, Hook hook) {
        super(target);
        this.hook = hook;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(target.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(target.getConnection(username, password));
    }

    private Connection wrap(Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql) {
                hook.before(connection, sql);
            }
            Object result = forward(connection, method, args);
            if (result instanceof Statement statement && method.getName().equals("createStatement")) {
                return wrap(connection, statement);
            }
            return result;
        };
        return (Connection)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }

    private Statement wrap(Connection connection, Statement statement) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if ((name.startsWith("execute") || name.equals("addBatch"))
                    && args != null
                    && args[0] instanceof String sql) {
                hook.before(connection, sql);
            }
            return forward(statement, method, args);
        };
        return (Statement)
                Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class}, handler);
    }
}
