package dev.migrate.internal.lock;

import dev.migrate.LockException;
import dev.migrate.LockHolder;
import dev.migrate.LockType;
import dev.migrate.internal.dialect.SingleValue;
import dev.migrate.internal.redact.SqlRedactor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link LockType#POSTGRES_ADVISORY}: a session-level advisory lock on a 64-bit key, taken with
 * {@code pg_try_advisory_lock} (polled) on the run's pinned connection and released with {@code
 * pg_advisory_unlock} on the same connection, which in the same statement notifies waiters (see
 * {@link PostgresReleaseSignal}) so that they try again at once. The holder is read from {@code pg_locks}, where a
 * 64-bit key appears as {@code classid} (high 32 bits), {@code objid} (low 32 bits) and {@code
 * objsubid = 1}, joined with {@code pg_stat_activity}.
 */
final class PostgresAdvisoryLock extends SessionLock {

    private static final String HOLDER_SQL = "select a.pid, a.application_name, a.client_addr::text, a.client_port,"
            + " a.usename, a.state, a.backend_start::text, a.state_change::text, a.query_start::text,"
            + " left(a.query, 200)"
            + " from pg_locks l join pg_stat_activity a on a.pid = l.pid"
            + " where l.locktype = 'advisory' and l.granted and l.objsubid = 1"
            + " and l.database = (select oid from pg_database where datname = current_database())"
            + " and l.classid = (?::bigint)::oid and l.objid = (?::bigint)::oid"
            + " order by a.backend_start limit 1";

    /** How often a lock taken in the wrong session is tried to be released before giving up. */
    private static final int RELEASE_ATTEMPTS = 20;

    private final long key;
    /** The server process whose session took the lock, as the taking statement reported it. */
    private volatile int lockedPid;

    PostgresAdvisoryLock(long key, Duration timeout) {
        super(timeout);
        this.key = key;
    }

    long advisoryKey() {
        return key;
    }

    @Override
    public LockType type() {
        return LockType.POSTGRES_ADVISORY;
    }

    @Override
    public String key() {
        return Long.toString(key);
    }

    /**
     * One try that refuses to take the lock a second time: advisory locks are re-entrant per
     * session, so behind a pooler a server connection on which another client holds the lock would
     * say yes again (and two runs would "hold" it). {@code CASE} evaluates its condition first.
     */
    @Override
    boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select case when exists (select 1 from"
                + " pg_catalog.pg_locks l where l.locktype = 'advisory' and l.pid = pg_backend_pid() and l.objsubid = 1"
                + " and l.classid = (?::bigint)::oid and l.objid = (?::bigint)::oid) then false"
                + " else pg_try_advisory_lock(?) end, pg_backend_pid()")) {
            statement.setLong(1, key >>> 32);
            statement.setLong(2, key & 0xFFFF_FFFFL);
            statement.setLong(3, key);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                lockedPid = row.getInt(2);
                return row.getBoolean(1);
            }
        }
    }

    /**
     * Behind a pooler in transaction mode (PgBouncer's {@code pool_mode = transaction}), each
     * statement may run on another server connection: the lock stays with the server connection
     * that took it, and the migrations would run unprotected. Where the next statement's server
     * process differs from the one that took the lock, migrate can see that and refuses; it tries
     * to release the lock (a later statement may land on the right server connection again).
     */
    @Override
    void confirmSession(Connection connection) throws SQLException {
        int taken = lockedPid;
        int next = backendPid(connection);
        if (next == taken) {
            return;
        }
        boolean released = false;
        for (int i = 0; i < RELEASE_ATTEMPTS && !released; i++) {
            try (PreparedStatement statement =
                    connection.prepareStatement("select pg_advisory_unlock(?), pg_backend_pid()")) {
                statement.setLong(1, key);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    released = row.getBoolean(1) && row.getInt(2) == taken;
                }
            }
        }
        throw new LockException(
                LockException.Reason.NOT_TAKEN,
                LockType.POSTGRES_ADVISORY + " " + key,
                "The PostgreSQL advisory lock " + key + " was taken by server process " + taken
                        + ", but the connection's next statement ran in server process " + next
                        + ": the connection goes"
                        + " through a pooler in transaction mode (PgBouncer?), where a session lock protects nothing."
                        + " Use the lock type table-lease (lockType(LockType.TABLE_LEASE)), which works behind"
                        + " transaction pooling, or connect migrate past the pooler (its own DataSource) or through a"
                        + " session-mode pool."
                        + (released
                                ? " The lock was released."
                                : " The lock could not be released and stays with server process " + taken
                                        + " until that server connection closes (select pg_terminate_backend(" + taken
                                        + ") ends it)."),
                null);
    }

    private static int backendPid(Connection connection) throws SQLException {
        return Objects.requireNonNull(SingleValue.number(connection, "select pg_backend_pid()"))
                .intValue();
    }

    /**
     * Unlocks and notifies the waiters' channel in one round trip. PostgreSQL delivers a
     * notification when the transaction that sent it ends, so here after the unlock; if the
     * notification fails, the statement fails and the connection is aborted as for any failed
     * release.
     */
    @Override
    boolean unlock(Connection connection) throws SQLException {
        return SingleValue.isTrue(
                connection, "select pg_advisory_unlock(?), pg_notify(?, '')", key, PostgresReleaseSignal.channel(key));
    }

    @Override
    ReleaseSignal releaseSignal(Connection connection) {
        return PostgresReleaseSignal.on(connection, key);
    }

    @Override
    public Optional<LockHolder> holder(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(HOLDER_SQL)) {
            statement.setLong(1, key >>> 32);
            statement.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet row = statement.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Map<String, String> details = new LinkedHashMap<>();
                details.put("pid", row.getString(1));
                put(details, "applicationName", row.getString(2));
                put(details, "clientAddress", row.getString(3));
                put(details, "clientPort", row.getString(4));
                put(details, "user", row.getString(5));
                put(details, "state", row.getString(6));
                put(details, "backendStart", row.getString(7));
                put(details, "stateChange", row.getString(8));
                put(details, "queryStart", row.getString(9));
                String query = row.getString(10);
                put(details, "query", query == null ? null : SqlRedactor.redact(query));
                StringBuilder text = new StringBuilder("PostgreSQL backend pid ").append(details.get("pid"));
                text.append(" (application_name '")
                        .append(details.getOrDefault("applicationName", ""))
                        .append("'");
                text.append(", client ").append(details.getOrDefault("clientAddress", "local socket"));
                if (details.containsKey("user")) {
                    text.append(", user ").append(details.get("user"));
                }
                if (details.containsKey("state")) {
                    text.append(", ").append(details.get("state"));
                    if (details.containsKey("stateChange")) {
                        text.append(" since ").append(details.get("stateChange"));
                    }
                }
                if (details.containsKey("backendStart")) {
                    text.append(", connected since ").append(details.get("backendStart"));
                }
                if ("active".equals(details.get("state")) && details.containsKey("query")) {
                    text.append(", running: ").append(SqlRedactor.shown(details.get("query"), 120));
                }
                text.append(")");
                return Optional.of(new LockHolder(text.toString(), details));
            }
        }
    }
}
