package dev.migrate.internal.lock;

import dev.migrate.internal.dialect.PgJdbc;
import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * The release signal of {@link PostgresAdvisoryLock}: a waiter {@code LISTEN}s on a channel named
 * after the advisory key ({@link #channel(long)}), and the holder sends {@code pg_notify} on it in
 * the same statement as its {@code pg_advisory_unlock}. Between tries the waiter's session is idle,
 * with no transaction and no snapshot, so a holder's {@code CREATE INDEX CONCURRENTLY} never waits
 * for it (a waiter blocked inside {@code pg_advisory_lock} would hold one).
 *
 * <p>Reading notifications needs the PostgreSQL JDBC driver's {@link PGConnection}; with another
 * driver, or where the connection does not unwrap to one, waiters sleep out their backoff as
 * before. Behind PgBouncer's transaction pooling neither a session lock nor {@code LISTEN} works;
 * the table lease is the lock for that.
 */
final class PostgresReleaseSignal implements ReleaseSignal {

    private static final Log log = Log.of(PostgresReleaseSignal.class);

    private static final boolean PGJDBC_PRESENT = PgJdbc.present();

    private final Connection connection;
    private final String channel;
    private @Nullable PGConnection listening;

    private PostgresReleaseSignal(Connection connection, String channel) {
        this.connection = connection;
        this.channel = channel;
    }

    /** The channel for a key: {@code migrate_lock_} and the key's 64 bits in hex (as unsigned). */
    static String channel(long key) {
        return "migrate_lock_" + Long.toHexString(key);
    }

    /** The signal for waiting on {@code connection}, or {@link ReleaseSignal#NONE} where it cannot be read. */
    static ReleaseSignal on(Connection connection, long key) {
        if (!PGJDBC_PRESENT) {
            return NONE;
        }
        try {
            if (!connection.isWrapperFor(PGConnection.class)) {
                return NONE;
            }
        } catch (SQLException e) {
            return NONE;
        }
        return new PostgresReleaseSignal(connection, channel(key));
    }

    @Override
    public void pause(long millis) throws SQLException, InterruptedException {
        PGConnection pg = listening;
        if (pg == null) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("listen \"" + channel + "\"");
            }
            pg = connection.unwrap(PGConnection.class);
            listening = pg;
        }
        // Returns at the first notification, or after the time given with none.
        pg.getNotifications((int) Math.min(Integer.MAX_VALUE, Math.max(1, millis)));
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while waiting for a release of the lock");
        }
    }

    @Override
    public void close() {
        PGConnection pg = listening;
        if (pg == null) {
            return;
        }
        listening = null;
        try (Statement statement = connection.createStatement()) {
            statement.execute("unlisten \"" + channel + "\"");
            pg.getNotifications(); // drops any notification that came before the unlisten
        } catch (SQLException e) {
            // A broken connection fails the run elsewhere; a healthy one that cannot unlisten only
            // keeps a subscription to a channel that is quiet unless a migration runs.
            log.debug("Could not stop listening on " + channel + ": " + e.getMessage());
        }
    }
}
