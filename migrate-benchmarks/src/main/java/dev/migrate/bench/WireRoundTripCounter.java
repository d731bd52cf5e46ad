package dev.migrate.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts round trips on the wire from the PostgreSQL driver's own protocol log: every message that
 * makes the client wait for the server ({@code Sync} of the extended protocol, a simple {@code
 * Query}, the start-up and SSL negotiation of a new connection). Everything the JVM sends is
 * counted, including the connection pool's own checks, so this is the upper bound to the per-tool
 * count of {@link RoundTripCountingDataSource}.
 */
final class WireRoundTripCounter extends Handler implements AutoCloseable {

    /** Held strongly: java.util.logging keeps only weak references to configured loggers. */
    private final Logger driverLogger = Logger.getLogger("org.postgresql");

    private final AtomicLong roundTrips = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();

    /** Starts counting; the driver logs nothing elsewhere while this is installed. */
    static WireRoundTripCounter install() {
        WireRoundTripCounter counter = new WireRoundTripCounter();
        counter.setLevel(Level.ALL);
        counter.driverLogger.setUseParentHandlers(false);
        counter.driverLogger.addHandler(counter);
        counter.driverLogger.setLevel(Level.FINEST);
        return counter;
    }

    long roundTrips() {
        return roundTrips.get();
    }

    long connects() {
        return connects.get();
    }

    void reset() {
        roundTrips.set(0);
        connects.set(0);
    }

    @Override
    public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message == null) {
            return;
        }
        if (message.contains("FE=> StartupPacket")) {
            connects.incrementAndGet();
            roundTrips.incrementAndGet();
        } else if (message.contains("FE=> Sync")
                || message.contains("FE=> SimpleQuery")
                || message.contains("FE=> SSLRequest")
                || message.contains("FE=> GSSENCRequest")) {
            roundTrips.incrementAndGet();
        }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
        driverLogger.removeHandler(this);
        driverLogger.setLevel(Level.INFO);
    }
}
