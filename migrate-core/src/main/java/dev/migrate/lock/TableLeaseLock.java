package dev.migrate.lock;

import dev.migrate.LockException;
import dev.migrate.dialect.DatabaseKind;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * {@link LockType#TABLE_LEASE}: one row per lock name in a lock table beside the history table
 * ({@code gorp_migrations_lock}), holding the owner (a random token, plus host and pid for people),
 * when it was acquired and when the lease expires. Lease semantics, in one place:
 *
 * <ul>
 *   <li>The row belongs to the token in {@code owner_token} until {@code expires_at}. Every time
 *       comes from the database's clock, never a client's.
 *   <li>Acquiring inserts the row when there is none, or takes it over when its lease has expired
 *       ({@code expires_at < now}); each is one statement in its own transaction, and the lock is
 *       ours exactly when that statement wrote our token.
 *   <li>While held, a heartbeat on its own short connections from the DataSource extends the lease
 *       every third of the lease time. An extension only succeeds while the row is still ours and
 *       unexpired; otherwise the lease is lost and the run stops before its next migration.
 *   <li>Every history write is fenced: inside the same transaction, the lease is extended only if it
 *       is still ours and unexpired, so a holder that lost its lease cannot record a migration.
 *   <li>Releasing deletes our row (by token). A holder that died leaves a row that expires.
 * </ul>
 *
 * <p>No session state is used, so it works behind PgBouncer's transaction pooling and on every
 * database, H2 included.
 */
final class TableLeaseLock implements MigrationLock {

    private static final Log log = LogFactory.getLog(TableLeaseLock.class);

    private final Dialect dialect;
    private final TableName table;
    private final String lockName;
    private final Duration leaseTime;
    private final Duration timeout;
    private final DataSource dataSource;
    private final Clock clock;

    TableLeaseLock(
            Dialect dialect,
            TableName table,
            String lockName,
            Duration leaseTime,
            Duration timeout,
            DataSource dataSource) {
        this.dialect = dialect;
        this.table = table;
        this.lockName = lockName;
        this.leaseTime = leaseTime;
        this.timeout = timeout;
        this.dataSource = dataSource;
        this.clock = Clock.of(dialect.kind());
    }

    @Override
    public LockType type() {
        return LockType.TABLE_LEASE;
    }

    @Override
    public String key() {
        return table + "[" + lockName + "]";
    }

    TableName table() {
        return table;
    }

    @Override
    public Optional<LockHandle> acquire(Connection connection, StillNeeded stillNeeded) {
        SessionLock.requireAutoCommit(connection, this);
        LockOwner owner = LockOwner.create();
        long[] sentAt = new long[1];
        Duration waited = LockPoller.poll(
                type() + " " + key(),
                timeout,
                () -> {
                    sentAt[0] = System.nanoTime();
                    return tryLock(connection, owner, true);
                },
                () -> holder(connection),
                stillNeeded,
                ReleaseSignal.NONE);
        if (waited == null) {
            return Optional.empty();
        }
        log.debug("Took the migration lease " + key() + " as " + owner.describe());
        return Optional.of(new Lease(connection, owner, sentAt[0], waited));
    }

    private boolean tryLock(Connection connection, LockOwner owner, boolean createIfMissing) throws SQLException {
        String qualified = dialect.qualify(table);
        // Insert when there is no row (no error to log when there is one), else take over an expired lease.
        try (PreparedStatement insert = connection.prepareStatement("insert into " + qualified
                + " (lock_name, owner_token, owner_host, owner_pid, acquired_at, expires_at) select ?, ?, ?, ?, "
                + clock.now() + ", " + clock.plus(leaseTime) + clock.fromNothing() + " where not exists (select 1 from "
                + qualified + " where lock_name = ?)")) {
            insert.setString(1, lockName);
            bindOwner(insert, 2, owner);
            insert.setString(5, lockName);
            if (insert.executeUpdate() == 1) {
                return true;
            }
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                if (!createIfMissing) {
                    return false; // another process's create is not committed yet: try again shortly
                }
                createTable(connection);
                return tryLock(connection, owner, false);
            }
            if (isDuplicate(e) || isTransient(e)) {
                return false; // another process inserted at the same moment
            }
            throw e;
        }
        try (PreparedStatement takeOver = connection.prepareStatement("update " + qualified
                + " set owner_token = ?, owner_host = ?, owner_pid = ?, acquired_at = " + clock.now()
                + ", expires_at = " + clock.plus(leaseTime) + " where lock_name = ? and expires_at < " + clock.now())) {
            bindOwner(takeOver, 1, owner);
            takeOver.setString(4, lockName);
            if (takeOver.executeUpdate() == 1) {
                log.info("Took over the expired migration lease " + key() + " as " + owner.describe());
                return true;
            }
            return false;
        } catch (SQLException e) {
            if (isTransient(e)) {
                return false;
            }
            throw e;
        }
    }

    private static void bindOwner(PreparedStatement statement, int first, LockOwner owner) throws SQLException {
        statement.setString(first, owner.token());
        statement.setString(first + 1, truncate(owner.host(), 255));
        statement.setLong(first + 2, owner.pid());
    }

    /**
     * Creates the lock table (and its schema) if missing. Several processes may race here; PostgreSQL
     * can then fail one {@code create ... if not exists} with a duplicate error, which is fine.
     */
    private void createTable(Connection connection) throws SQLException {
        List<String> statements = new ArrayList<>();
        if (table.schema() != null) {
            statements.add(
                    switch (dialect.kind()) {
                        case MYSQL -> "create database if not exists " + dialect.quote(table.schema());
                        case POSTGRESQL -> "create schema if not exists " + table.schema();
                        case H2 -> "create schema if not exists " + dialect.quote(table.schema());
                    });
        }
        statements.add("create table if not exists " + dialect.qualify(table)
                + " (lock_name varchar(255) not null primary key, owner_token varchar(64) not null,"
                + " owner_host varchar(255) not null, owner_pid bigint not null, acquired_at " + clock.type()
                + " not null, expires_at " + clock.type() + " not null)"
                + (dialect.kind() == DatabaseKind.MYSQL ? " engine=InnoDB" : ""));
        for (String sql : statements) {
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                if (!isDuplicate(e) && !isDuplicateObject(e)) {
                    throw e;
                }
                log.debug("Another process created " + table + " at the same time: " + e.getMessage());
            }
        }
    }

    @Override
    public Optional<LockHolder> holder(Connection connection) throws SQLException {
        try (PreparedStatement query =
                connection.prepareStatement("select owner_token, owner_host, owner_pid, acquired_at, expires_at from "
                        + dialect.qualify(table) + " where lock_name = ? and expires_at > " + clock.now())) {
            query.setString(1, lockName);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                Map<String, String> details = new LinkedHashMap<>();
                details.put("ownerToken", row.getString(1));
                details.put("ownerHost", row.getString(2));
                details.put("ownerPid", row.getString(3));
                details.put("acquiredAt", row.getString(4));
                details.put("expiresAt", row.getString(5));
                String text = "lease owner " + details.get("ownerHost") + "/" + details.get("ownerPid") + " (token "
                        + details.get("ownerToken") + ", acquired at " + details.get("acquiredAt")
                        + ", lease until " + details.get("expiresAt") + ")";
                return Optional.of(new LockHolder(text, details));
            }
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private String describeHolder(Connection connection) {
        try {
            return holder(connection).map(LockHolder::description).orElse("nobody (the lease expired)");
        } catch (SQLException | RuntimeException e) {
            return "an unknown holder (" + e.getMessage() + ")";
        }
    }

    /** A unique-key violation: another process inserted (or created) first. */
    static boolean isDuplicate(SQLException e) {
        String state = e.getSQLState();
        return state != null && state.startsWith("23");
    }

    /**
     * PostgreSQL's concurrent {@code create ... if not exists}: duplicate schema (42P06), table
     * (42P07) or row type (42710, "type ... already exists").
     */
    static boolean isDuplicateObject(SQLException e) {
        String state = e.getSQLState();
        return "42P06".equals(state) || "42P07".equals(state) || "42710".equals(state);
    }

    /** Lock wait timeouts, deadlocks, serialization failures: the next try may succeed. */
    static boolean isTransient(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("40") || state.equals("55P03") || state.equals("HYT00"))
                || e.getErrorCode() == 1205
                || e.getErrorCode() == 1213;
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    /** A taken lease: heartbeat, fence, release. */
    final class Lease implements LockHandle {

        private final Connection connection;
        private final LockOwner owner;
        private final Duration waited;
        private final long acquiredNanos;
        private final ScheduledExecutorService heartbeat;
        private final AtomicBoolean closed = new AtomicBoolean();
        private volatile long localDeadline;
        private volatile @Nullable String lost;
        private volatile boolean paused;

        Lease(Connection connection, LockOwner owner, long sentAt, Duration waited) {
            this.connection = connection;
            this.owner = owner;
            this.acquiredNanos = sentAt;
            this.waited = waited;
            this.localDeadline = sentAt + leaseTime.toNanos();
            this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "migrate-lease-heartbeat");
                thread.setDaemon(true);
                return thread;
            });
            long period = Math.max(1, leaseTime.toMillis() / 3);
            heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        }

        LockOwner owner() {
            return owner;
        }

        /** For tests: a paused heartbeat lets the lease expire as a frozen process's would. */
        void pauseHeartbeat(boolean pause) {
            this.paused = pause;
        }

        @Override
        public Duration waited() {
            return waited;
        }

        private void beat() {
            if (paused || lost != null || closed.get()) {
                return;
            }
            long sent = System.nanoTime();
            try (Connection own = dataSource.getConnection()) {
                if (!own.getAutoCommit()) {
                    own.setAutoCommit(true);
                }
                if (extend(own) == 1) {
                    localDeadline = sent + leaseTime.toNanos();
                } else {
                    markLost("the lease expired or was taken over by " + describeHolder(own));
                }
            } catch (SQLException | RuntimeException e) {
                log.warn("Could not extend the migration lease " + key() + " (will retry; it is lost if no"
                        + " extension succeeds before it expires): " + e.getMessage());
            }
        }

        private int extend(Connection connection) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement("update " + dialect.qualify(table)
                    + " set expires_at = " + clock.plus(leaseTime)
                    + " where lock_name = ? and owner_token = ? and expires_at > " + clock.now())) {
                update.setString(1, lockName);
                update.setString(2, owner.token());
                return update.executeUpdate();
            }
        }

        private void markLost(String why) {
            if (lost == null) {
                lost = why;
                log.error("Lost the migration lease " + key() + " held as " + owner.describe() + ": " + why
                        + "; the run stops before its next migration");
            }
        }

        private void checkLocalDeadline() {
            if (System.nanoTime() - localDeadline > 0) {
                markLost("no heartbeat extended it within the lease time of " + LockPoller.seconds(leaseTime));
            }
        }

        @Override
        public void assertHeld() {
            checkLocalDeadline();
            String why = lost;
            if (why != null) {
                throw new LockException(
                        LockException.Reason.LOST,
                        TableLeaseLock.this.type() + " " + key(),
                        "The migration lease " + key() + " is no longer ours (held as " + owner.describe() + "): " + why
                                + "; stopping before the next migration",
                        null);
            }
        }

        @Override
        public void fence(Connection connection) throws SQLException {
            checkLocalDeadline();
            String why = lost;
            if (why == null && extend(connection) != 1) {
                why = "the lease expired or was taken over by " + describeHolder(connection);
                markLost(why);
            }
            if (why != null) {
                throw new LockException(
                        LockException.Reason.LOST,
                        TableLeaseLock.this.type() + " " + key(),
                        "The migration lease " + key() + " is no longer ours (held as " + owner.describe() + "): " + why
                                + "; not recording this migration",
                        null);
            }
        }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            heartbeat.shutdownNow();
            try {
                heartbeat.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                if (!connection.isClosed() && connection.getAutoCommit()) {
                    release(connection);
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                log.debug("Releasing the migration lease on the run's connection failed; trying a new one", e);
            }
            try (Connection fresh = dataSource.getConnection()) {
                release(fresh);
            } catch (SQLException | RuntimeException e) {
                log.warn("Could not delete the migration lease " + key() + "; it expires on its own within "
                        + LockPoller.seconds(leaseTime) + ": " + e.getMessage());
            }
        }

        private void release(Connection connection) throws SQLException {
            if (!connection.getAutoCommit()) {
                connection.setAutoCommit(true);
            }
            try (PreparedStatement delete = connection.prepareStatement(
                    "delete from " + dialect.qualify(table) + " where lock_name = ? and owner_token = ?")) {
                delete.setString(1, lockName);
                delete.setString(2, owner.token());
                if (delete.executeUpdate() == 1) {
                    log.debug("Released the migration lease " + key() + " after "
                            + LockPoller.seconds(Duration.ofNanos(System.nanoTime() - acquiredNanos)));
                } else {
                    log.warn("The migration lease " + key() + " was no longer ours at release (" + owner.describe()
                            + ")");
                }
            }
        }
    }

    /**
     * The database's clock, per dialect, as SQL. PostgreSQL's {@code now()} is the transaction's
     * start, so the fence (inside a history-write transaction) uses {@code clock_timestamp()}. MySQL
     * keeps UTC in {@code datetime(3)}. H2 has only the transaction's time, so H2 leases also check
     * the time since the last extension on the client's monotonic clock.
     */
    private record Clock(String now, String type, DatabaseKind kind) {

        static Clock of(DatabaseKind kind) {
            return switch (kind) {
                case POSTGRESQL -> new Clock("clock_timestamp()", "timestamp with time zone", kind);
                case MYSQL -> new Clock("utc_timestamp(3)", "datetime(3)", kind);
                case H2 -> new Clock("current_timestamp", "timestamp with time zone", kind);
            };
        }

        /** What a {@code select} of values with a {@code where} clause needs in place of a table. */
        String fromNothing() {
            return kind == DatabaseKind.MYSQL ? " from dual" : "";
        }

        String plus(Duration duration) {
            long millis = duration.toMillis();
            return switch (kind) {
                case POSTGRESQL -> "(clock_timestamp() + " + millis + " * interval '1 millisecond')";
                case MYSQL -> "date_add(utc_timestamp(3), interval " + millis * 1000 + " microsecond)";
                case H2 -> "dateadd(millisecond, " + millis + ", current_timestamp)";
            };
        }
    }
}
