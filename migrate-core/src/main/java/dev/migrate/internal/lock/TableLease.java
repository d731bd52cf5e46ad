package dev.migrate.internal.lock;

import dev.migrate.LockException;
import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.DriverRestore;
import dev.migrate.internal.log.DurationText;
import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TableLeaseLock}'s lease while it is ours: a heartbeat on its own short connections
 * extends it every third of the lease time, {@link #fence} extends it inside each history write,
 * and {@link #close} stops the heartbeat, then deletes the row: no beat outlives the release (one
 * that hangs has its connection aborted). An extension succeeds only while the row is still ours
 * and unexpired; when one fails (or none succeeded within the lease time, by the client's monotonic
 * clock) the lease is lost, and {@link #assertHeld} and {@link #fence} stop the run.
 */
final class TableLease implements LockHandle {

    private static final Log log = Log.of(TableLease.class);

    /** How long {@link #close} waits for a beat in flight before it aborts the beat's connection. */
    private static final Duration BEAT_PATIENCE = Duration.ofSeconds(5);

    private final TableLeaseLock lock;
    private final Dialect dialect;
    private final Duration leaseTime;

    /** The run's connection: {@link #close} releases on it when it is still usable. */
    private final Connection connection;

    private final LockOwner owner;
    private final Duration waited;
    private final long acquiredNanos;
    private final ScheduledExecutorService heartbeat;

    /** Held while a beat runs: {@link #close} waits for it before the release. */
    private final ReentrantLock beating = new ReentrantLock();

    /** The connection of the beat in flight, for {@link #close} to abort if the beat hangs. */
    private volatile @Nullable Connection beatConnection;

    /** Whether a beat waits for its connection from the DataSource now, and since when. */
    private volatile boolean borrowing;

    private volatile long borrowingSince;

    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile long localDeadline;
    private volatile @Nullable String lost;
    private volatile boolean paused;

    /**
     * Starts the heartbeat.
     *
     * @param sentAt when the statement that took the lease was sent ({@link System#nanoTime()}): the
     *     local deadline counts from there, so it never ends after the database's
     */
    TableLease(TableLeaseLock lock, Connection connection, LockOwner owner, long sentAt, Duration waited) {
        this.lock = lock;
        this.dialect = lock.dialect();
        this.leaseTime = lock.leaseTime();
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
        beating.lock();
        try {
            if (paused || lost != null || closed.get()) {
                return;
            }
            long sent = System.nanoTime();
            borrowingSince = sent;
            borrowing = true;
            try (Connection own = lock.dataSource().getConnection();
                    DriverRestore unnamed = dialect.sendUnnamed(own)) {
                borrowing = false;
                beatConnection = own;
                if (closed.get()) {
                    return; // the release began while this beat waited for its connection
                }
                if (!own.getAutoCommit()) {
                    own.setAutoCommit(true);
                }
                if (extend(own) == 1) {
                    localDeadline = sent + leaseTime.toNanos();
                } else {
                    markLost("the lease expired or was taken over by " + lock.describeHolder(own));
                }
            } catch (SQLException | RuntimeException e) {
                if (closed.get()) {
                    log.debug("A heartbeat stopped by the release of " + lock.key() + " failed: " + e.getMessage());
                } else {
                    log.warn("Could not extend the migration lease " + lock.key() + " (will retry; it is lost if no"
                            + " extension succeeds before it expires): " + e.getMessage());
                }
            } finally {
                borrowing = false;
                beatConnection = null;
            }
        } finally {
            beating.unlock();
        }
    }

    private int extend(Connection connection) throws SQLException {
        try (PreparedStatement update = lock.bounded(connection.prepareStatement("update "
                + dialect.qualify(lock.table()) + " set expires_at = " + dialect.clockNowPlus(leaseTime)
                + " where lock_name = ? and owner_token = ? and expires_at > " + dialect.clockNow()))) {
            update.setString(1, lock.lockName());
            update.setString(2, owner.token());
            return update.executeUpdate();
        }
    }

    private void markLost(String why) {
        if (lost == null) {
            lost = why;
            log.error("Lost the migration lease " + lock.key() + " held as " + owner.describe() + ": " + why
                    + "; the run stops before its next migration");
        }
    }

    private void checkLocalDeadline() {
        if (System.nanoTime() - localDeadline > 0) {
            markLost("no heartbeat extended it within the lease time of " + DurationText.of(leaseTime) + starvedBeat());
        }
    }

    /**
     * Why no beat ran, when one is still waiting for its connection: a pool with no connection to
     * spare. The run holds one, and while a migration runs the DDL guard's watcher holds another.
     */
    private String starvedBeat() {
        if (!borrowing) {
            return "";
        }
        return "; its heartbeat has waited "
                + DurationText.of(Duration.ofNanos(System.nanoTime() - borrowingSince))
                + " for a connection from the DataSource, which has none to spare: a table lease needs one"
                + " beyond the run's and, while a migration runs, the DDL guard watcher's (three in all)";
    }

    @Override
    public void assertHeld() {
        checkLocalDeadline();
        String why = lost;
        if (why != null) {
            throw new LockException(
                    LockException.Reason.LOST,
                    lock.type() + " " + lock.key(),
                    "The migration lease " + lock.key() + " is no longer ours (held as " + owner.describe() + "): "
                            + why + "; stopping before the next migration",
                    null);
        }
    }

    @Override
    public void fence(Connection connection) throws SQLException {
        checkLocalDeadline();
        String why = lost;
        if (why == null && extend(connection) != 1) {
            why = "the lease expired or was taken over by " + lock.describeHolder(connection);
            markLost(why);
        }
        if (why != null) {
            throw new LockException(
                    LockException.Reason.LOST,
                    lock.type() + " " + lock.key(),
                    "The migration lease " + lock.key() + " is no longer ours (held as " + owner.describe() + "): "
                            + why + "; not recording this migration",
                    null);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeat.shutdownNow(); // the interrupt ends a beat that waits for a pooled connection
        stopBeatInFlight();
        try {
            if (!connection.isClosed() && connection.getAutoCommit()) {
                release(connection);
                return;
            }
        } catch (SQLException | RuntimeException e) {
            log.debug("Releasing the migration lease on the run's connection failed; trying a new one", e);
        }
        try (Connection fresh = lock.dataSource().getConnection();
                DriverRestore unnamed = dialect.sendUnnamed(fresh)) {
            release(fresh);
        } catch (SQLException | RuntimeException e) {
            log.warn("Could not delete the migration lease " + lock.key() + "; it expires on its own within "
                    + DurationText.of(leaseTime) + ": " + e.getMessage());
        }
    }

    /**
     * Waits for a beat in flight to end; one still running after {@link #BEAT_PATIENCE} (a database
     * or network that hangs) has its connection aborted, after which it can send nothing more. A beat
     * that starts later finds {@link #closed} set before it sends anything.
     */
    private void stopBeatInFlight() {
        try {
            if (beating.tryLock(BEAT_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                beating.unlock();
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection inFlight = beatConnection;
        if (inFlight != null) {
            log.warn("A heartbeat of the migration lease " + lock.key() + " still runs after "
                    + DurationText.of(BEAT_PATIENCE) + "; aborting its connection before the release");
            try {
                inFlight.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                log.debug("Aborting the heartbeat's connection failed", e);
            }
        }
    }

    private void release(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.setAutoCommit(true);
        }
        try (PreparedStatement delete = lock.bounded(connection.prepareStatement(
                "delete from " + dialect.qualify(lock.table()) + " where lock_name = ? and owner_token = ?"))) {
            delete.setString(1, lock.lockName());
            delete.setString(2, owner.token());
            if (delete.executeUpdate() == 1) {
                log.debug("Released the migration lease " + lock.key() + " after "
                        + DurationText.of(Duration.ofNanos(System.nanoTime() - acquiredNanos)));
            } else {
                log.warn("The migration lease " + lock.key() + " was no longer ours at release (" + owner.describe()
                        + ")");
            }
        }
    }
}
