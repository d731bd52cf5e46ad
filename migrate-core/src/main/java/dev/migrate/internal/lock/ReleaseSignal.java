package dev.migrate.internal.lock;

/**
 * How a waiter learns that the holder released the lock, so that it tries again at once instead
 * of sleeping out its backoff: a pause between tries that ends early when the signal comes. It
 * subscribes at the first pause (a lock that is free at the first try costs nothing) and
 * unsubscribes when closed, so the connection goes back to its pool as it came. It is a hint, not
 * a guarantee: a holder that dies sends nothing, and then the next try comes when the backoff
 * says.
 */
interface ReleaseSignal extends LockPoller.Pause, AutoCloseable {

    /** No signal: the waiter sleeps out its backoff. */
    ReleaseSignal NONE = new ReleaseSignal() {
        @Override
        public void pause(long millis) throws InterruptedException {
            Thread.sleep(millis);
        }

        @Override
        public void close() {}
    };

    /** Unsubscribes, dropping any signal not yet read; never fails. */
    @Override
    void close();
}
