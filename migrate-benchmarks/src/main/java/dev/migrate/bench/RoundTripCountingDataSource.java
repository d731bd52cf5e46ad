package dev.migrate.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A DataSource proxy that counts the JDBC calls of a tool which reach the database server: each
 * statement execution, each metadata query, each transaction command and each session call that
 * PostgreSQL's driver answers from the server. Connections borrowed from the pool are counted apart
 * (from a warm pool they cost nothing on the wire). The SQL executed is kept, to show in reports.
 *
 * <p>A call made on an object the tool got by {@code unwrap} escapes the count; {@link
 * WireRoundTripCounter} counts on the wire as a cross-check.
 */
final class RoundTripCountingDataSource {

    private static final Set<String> EXECUTIONS = Set.of(
            "execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch");
    private static final Set<String> TRANSACTION_COMMANDS =
            Set.of("commit", "rollback", "setSavepoint", "releaseSavepoint");
    private static final Set<String> SESSION_CALLS = Set.of(
            "getSchema", "setSchema", "getTransactionIsolation", "setTransactionIsolation", "isValid", "setClientInfo");

    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong metadataQueries = new AtomicLong();
    private final AtomicLong transactionCommands = new AtomicLong();
    private final AtomicLong sessionCalls = new AtomicLong();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final DataSource proxy;

    RoundTripCountingDataSource(DataSource target) {
        this.proxy = proxy(DataSource.class, target, null);
    }

    /** The DataSource to hand to the tool. */
    DataSource dataSource() {
        return proxy;
    }

    /** Server round trips counted so far: executions, metadata queries, transaction and session calls. */
    long roundTrips() {
        return executions.get() + metadataQueries.get() + transactionCommands.get() + sessionCalls.get();
    }

    /** The counts by kind, for reports. */
    String breakdown() {
        return executions.get() + " statements, " + metadataQueries.get() + " metadata queries, "
                + transactionCommands.get() + " commit/rollback, " + sessionCalls.get() + " session calls; "
                + connections.get() + " connections borrowed";
    }

    /** What was sent, in order: SQL texts (shortened) and the names of other counted calls. */
    List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /** Starts a new count. */
    void reset() {
        connections.set(0);
        executions.set(0);
        metadataQueries.set(0);
        transactionCommands.set(0);
        sessionCalls.set(0);
        calls.clear();
    }

    /** A proxy counting calls on {@code target}; {@code sql} is a prepared statement's SQL. */
    private <T> T proxy(Class<T> type, T target, @Nullable String sql) {
        InvocationHandler handler = (self, method, args) -> invoke(target, sql, method, args);
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private @Nullable Object invoke(Object target, @Nullable String sql, Method method, @Nullable Object[] args)
            throws Throwable {
        String name = method.getName();
        count(target, sql, method, name, args);
        Object result;
        try {
            result = method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
        String preparedSql =
                name.startsWith("prepare") && args != null && args.length > 0 && args[0] instanceof String text
                        ? text
                        : null;
        return wrap(method.getReturnType(), result, preparedSql);
    }

    private void count(
            Object target, @Nullable String preparedSql, Method method, String name, @Nullable Object[] args) {
        if (target instanceof DataSource && name.equals("getConnection")) {
            connections.incrementAndGet();
        } else if (target instanceof Statement && EXECUTIONS.contains(name)) {
            executions.incrementAndGet();
            if (args != null && args.length > 0 && args[0] instanceof String sql) {
                calls.add(shorten(sql));
            } else {
                calls.add(preparedSql != null ? shorten(preparedSql) : name);
            }
        } else if (target instanceof DatabaseMetaData && ResultSet.class.equals(method.getReturnType())) {
            metadataQueries.incrementAndGet();
            calls.add("metadata " + name);
        } else if (target instanceof Connection && TRANSACTION_COMMANDS.contains(name)) {
            transactionCommands.incrementAndGet();
            calls.add(name);
        } else if (target instanceof Connection && SESSION_CALLS.contains(name)) {
            sessionCalls.incrementAndGet();
            calls.add(name);
        }
    }

    private @Nullable Object wrap(Class<?> type, @Nullable Object result, @Nullable String preparedSql) {
        if (result == null) {
            return null;
        }
        if (type == Connection.class) {
            return proxy(Connection.class, (Connection) result, null);
        }
        if (type == CallableStatement.class) {
            return proxy(CallableStatement.class, (CallableStatement) result, preparedSql);
        }
        if (type == PreparedStatement.class) {
            return proxy(PreparedStatement.class, (PreparedStatement) result, preparedSql);
        }
        if (type == Statement.class) {
            return proxy(Statement.class, (Statement) result, null);
        }
        if (type == DatabaseMetaData.class) {
            return proxy(DatabaseMetaData.class, (DatabaseMetaData) result, null);
        }
        return result;
    }

    private static String shorten(String sql) {
        String flat = sql.replaceAll("\\s+", " ").trim();
        return flat.length() <= 110 ? flat : flat.substring(0, 107) + "...";
    }
}
