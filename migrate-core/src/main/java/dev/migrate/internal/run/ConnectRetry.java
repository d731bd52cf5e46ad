package dev.migrate.internal.run;

import dev.migrate.internal.log.Log;
import dev.migrate.internal.redact.SqlRedactor;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Opens the run's connection, trying again while the database is not reachable yet (a Compose
 * service still starting, a sidecar proxy, a cold cloud instance), as Flyway's {@code
 * connectRetries} does: after the first failure it waits 1 second, then twice as long each time,
 * at most {@code maxInterval}. Each failed try is logged with its cause; a refused login (SQL
 * state class 28) is not retried, since waiting does not fix a password. The lock timeout starts
 * only once connected.
 *
 * @param retries how many times to try again after the first try failed; 0 tries once
 * @param maxInterval the longest wait between two tries
 */
public record ConnectRetry(int retries, Duration maxInterval) {

    /** Flyway's defaults: no retry; waits of at most 120 seconds. */
    public static final int DEFAULT_RETRIES = 0;

    public static final Duration DEFAULT_MAX_INTERVAL = Duration.ofSeconds(120);

    private static final Log log = Log.named(OperatorLog.NAME);
    private static final Duration FIRST_INTERVAL = Duration.ofSeconds(1);

    /** Tries once. */
    public static ConnectRetry none() {
        return new ConnectRetry(DEFAULT_RETRIES, DEFAULT_MAX_INTERVAL);
    }

    /** A connection of {@code dataSource}, after up to {@link #retries} more tries. */
    Connection connect(DataSource dataSource) throws SQLException {
        long start = System.nanoTime();
        Duration wait = FIRST_INTERVAL.compareTo(maxInterval) < 0 ? FIRST_INTERVAL : maxInterval;
        for (int attempt = 1; ; attempt++) {
            try {
                Connection connection = dataSource.getConnection();
                if (attempt > 1) {
                    log.info("Connected to the database at try " + attempt + " after "
                            + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms");
                }
                return connection;
            } catch (SQLException | RuntimeException e) {
                @Nullable SQLException cause = sqlCause(e);
                if (attempt > retries || cause == null || isLoginRefused(cause)) {
                    if (retries > 0) {
                        log.warn("Could not connect to the database (try " + attempt + " of " + (retries + 1)
                                + "), giving up: " + describe(e));
                    }
                    throw e;
                }
                log.warn("Could not connect to the database (try " + attempt + " of " + (retries + 1) + "): "
                        + describe(e) + "; trying again in " + wait.toMillis() + " ms");
                sleep(wait, e);
                Duration doubled = wait.multipliedBy(2);
                wait = doubled.compareTo(maxInterval) < 0 ? doubled : maxInterval;
            }
        }
    }

    private static void sleep(Duration wait, Exception failure) throws SQLException {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            SQLException stopped = new SQLException(
                    "interrupted while waiting to connect to the database again; last failure: " + describe(failure),
                    "08001",
                    failure);
            throw stopped;
        }
    }

    /** The SQLException in {@code e}'s causes (a pool wraps the driver's), or null for another kind of failure. */
    private static @Nullable SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean isLoginRefused(SQLException e) {
        for (SQLException t = e; t != null; t = t.getNextException()) {
            String state = t.getSQLState();
            if (state != null && state.startsWith("28")) {
                return true;
            }
        }
        return false;
    }

    /** The cause's class and message, cleaned by {@link SqlRedactor#message(String)}. */
    static String describe(Throwable e) {
        @Nullable SQLException sql = sqlCause(e);
        Throwable shown = sql != null ? sql : e;
        String message = shown.getMessage() == null ? "" : shown.getMessage();
        String masked = SqlRedactor.message(message);
        String state = sql != null && sql.getSQLState() != null ? " (SQL state " + sql.getSQLState() + ")" : "";
        return shown.getClass().getSimpleName() + ": " + masked + state;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d retries, at most %d ms apart", retries, maxInterval.toMillis());
    }
}
