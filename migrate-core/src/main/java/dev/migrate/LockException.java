package dev.migrate;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The migration lock could not be taken in time, was lost while migrating, or could not be taken
 * at all. {@link #reason()} says which, {@link #lock()} names the lock and, after a timeout,
 * {@link #holder()} and {@link #timeout()} say who held it and how long this run waited. The
 * message says the same for a person; read the accessors, not the message.
 */
public final class LockException extends MigrateException {

    /** Why the run has no lock. */
    public enum Reason {
        /** Another process held the lock for longer than the lock timeout. */
        TIMED_OUT,
        /**
         * The lock was ours and is no longer (the lease expired or was taken over): the run stopped
         * before recording another migration.
         */
        LOST,
        /**
         * The lock could not be taken for another reason: the connection is unusable or in the wrong
         * mode, the database failed, or the waiting thread was interrupted.
         */
        NOT_TAKEN
    }

    private final Reason reason;
    private final String lock;
    private final @Nullable LockHolder holder;
    private final @Nullable Duration timeout;

    /**
     * A lock that could not be taken or was lost.
     *
     * @param reason why the run has no lock
     * @param lock the lock's kind and key, as people read it
     * @param message the whole message
     * @param cause the database's exception, if any
     */
    public LockException(Reason reason, String lock, String message, @Nullable Throwable cause) {
        this(reason, lock, null, null, message, cause);
    }

    /**
     * A lock that was held by another process past the timeout.
     *
     * @param lock the lock's kind and key, as people read it
     * @param holder who held it when waiting ended, as far as the database could tell (its
     *     description says so when it could not)
     * @param timeout how long this run waited
     * @param message the whole message
     */
    public LockException(String lock, LockHolder holder, Duration timeout, String message) {
        this(Reason.TIMED_OUT, lock, holder, timeout, message, null);
    }

    private LockException(
            Reason reason,
            String lock,
            @Nullable LockHolder holder,
            @Nullable Duration timeout,
            String message,
            @Nullable Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.lock = lock;
        this.holder = holder;
        this.timeout = timeout;
    }

    /** Why the run has no lock. */
    public Reason reason() {
        return reason;
    }

    /** The lock's kind and key as people read them, e.g. {@code postgres-advisory key 42}. */
    public String lock() {
        return lock;
    }

    /**
     * Who held the lock when waiting ended ({@link Reason#TIMED_OUT} only): for PostgreSQL the pid,
     * application name, client address, state and since when, as one line ({@link
     * LockHolder#description()}) and as name/value pairs ({@link LockHolder#details()}, empty where
     * the holder had just released it or could not be looked up); null otherwise.
     */
    public @Nullable LockHolder holder() {
        return holder;
    }

    /** How long this run waited ({@link Reason#TIMED_OUT} only); null otherwise. */
    public @Nullable Duration timeout() {
        return timeout;
    }
}
