package dev.migrate.internal.lock;

import dev.migrate.LockHolder;
import dev.migrate.LockType;
import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.log.Log;
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
import javax.sql.DataSource;

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
 * <p>This class acquires (insert, or take over an expired lease, polling until the timeout); the
 * {@link TableLease} it hands out holds the lease (heartbeat, fence, release). The SQL that differs
 * per database (the table's DDL, the clock, the error codes) comes from the {@link Dialect}.
 *
 * <p>No session state is used, so it works behind PgBouncer's transaction pooling and on every
 * database, H2 included.
 */
final class TableLeaseLock implements MigrationLock {

    private static final Log log = Log.of(TableLeaseLock.class);

    private final Dialect dialect;
    private final TableName table;
    private final String lockName;
    private final Duration leaseTime;
    private final Duration timeout;
    private final DataSource dataSource;

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

    Dialect dialect() {
        return dialect;
    }

    String lockName() {
        return lockName;
    }

    Duration leaseTime() {
        return leaseTime;
    }

    DataSource dataSource() {
        return dataSource;
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
        return Optional.of(new TableLease(this, connection, owner, sentAt[0], waited));
    }

    private boolean tryLock(Connection connection, LockOwner owner, boolean createIfMissing) throws SQLException {
        String qualified = dialect.qualify(table);
        // Insert when there is no row (no error to log when there is one), else take over an expired lease.
        try (PreparedStatement insert = bounded(connection.prepareStatement("insert into " + qualified
                + " (lock_name, owner_token, owner_host, owner_pid, acquired_at, expires_at) select ?, ?, ?, ?, "
                + dialect.clockNow() + ", " + dialect.clockNowPlus(leaseTime) + dialect.fromNoTable()
                + " where not exists (select 1 from "
                + qualified + " where lock_name = ?)"))) {
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
            if (dialect.isUniqueViolation(e) || dialect.isLockConflict(e)) {
                return false; // another process inserted at the same moment
            }
            if (dialect.isQueryTimeout(e)) {
                log.debug("Trying the migration lease " + key() + " waited past its bound: " + e.getMessage());
                return false; // another session locks the table; the poller's deadline decides
            }
            throw e;
        }
        try (PreparedStatement takeOver = bounded(connection.prepareStatement("update " + qualified
                + " set owner_token = ?, owner_host = ?, owner_pid = ?, acquired_at = "
                + dialect.clockNow() + ", expires_at = " + dialect.clockNowPlus(leaseTime)
                + " where lock_name = ? and expires_at < " + dialect.clockNow()))) {
            bindOwner(takeOver, 1, owner);
            takeOver.setString(4, lockName);
            if (takeOver.executeUpdate() == 1) {
                log.info("Took over the expired migration lease " + key() + " as " + owner.describe());
                return true;
            }
            return false;
        } catch (SQLException e) {
            if (dialect.isLockConflict(e) || dialect.isQueryTimeout(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Bounds a statement on the lock table by the lock timeout, and by the poller's report interval
     * when that is shorter (whole seconds, at least one): a session that holds a lock on the table
     * (an open {@code ALTER}, {@code LOCK TABLE}) makes a try give up, and the poller try again or
     * time out, rather than wait for as long as that session pleases.
     */
    <S extends Statement> S bounded(S statement) throws SQLException {
        Duration bound = timeout.compareTo(LockPoller.REPORT_EVERY) < 0 ? timeout : LockPoller.REPORT_EVERY;
        try {
            statement.setQueryTimeout((int) Math.max(1, (bound.toMillis() + 999) / 1000));
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
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
            statements.add(dialect.createSchema(table.schema()));
        }
        statements.addAll(dialect.createLeaseTable(table));
        for (String sql : statements) {
            try (Statement statement = bounded(connection.createStatement())) {
                statement.execute(sql);
            } catch (SQLException e) {
                if (!dialect.isUniqueViolation(e) && !dialect.isConcurrentCreate(e)) {
                    throw e;
                }
                log.debug("Another process created " + table + " at the same time: " + e.getMessage());
            }
        }
    }

    @Override
    public Optional<LockHolder> holder(Connection connection) throws SQLException {
        try (PreparedStatement query = bounded(
                connection.prepareStatement("select owner_token, owner_host, owner_pid, acquired_at, expires_at from "
                        + dialect.qualify(table) + " where lock_name = ? and expires_at > " + dialect.clockNow()))) {
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
            if (dialect.isQueryTimeout(e)) {
                throw new SQLException(
                        "gave up waiting for a lock another session holds on the lock table " + table
                                + lockers(connection) + " (" + e.getMessage() + ")",
                        e.getSQLState(),
                        e.getErrorCode(),
                        e);
            }
            throw e;
        }
    }

    /** Who locks the lock table, as far as the database tells, for an error message; never fails. */
    private String lockers(Connection connection) {
        try {
            List<String> holders = dialect.tableLockHolders(connection, List.of(table));
            return holders.isEmpty() ? "" : ": " + String.join("; ", holders);
        } catch (SQLException | RuntimeException e) {
            return "";
        }
    }

    /** The current holder for a log line; never fails. */
    String describeHolder(Connection connection) {
        LockPoller.HolderLookup holders = () -> holder(connection);
        return holders.describe("nobody (the lease expired)");
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }
}
