package dev.migrate.boot;

import dev.migrate.MigrationInfo;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * How many migrations of one Migrator are in each {@link MigrationState}, read from {@link
 * Migrator#status(Duration)} (one history read, no lock, each read bounded by {@link #READ_BOUND})
 * at most once per {@link #MAX_AGE}, so that the gauges of one scrape share one read. Where the database cannot be read, every count is NaN and
 * the reason is logged once per failure streak.
 */
final class MigrationCounts {

    private static final Log log = LogFactory.getLog(MigrationCounts.class);

    /** How long one read serves: shorter than any sensible scrape interval. */
    static final Duration MAX_AGE = Duration.ofSeconds(5);

    /** How long each read may wait for a lock on the history tables: a scrape must answer soon. */
    static final Duration READ_BOUND = Duration.ofSeconds(1);

    private final Migrator migrator;
    private @Nullable Map<MigrationState, Long> counts;
    private long readAt;
    private boolean failing;

    MigrationCounts(Migrator migrator) {
        this.migrator = migrator;
    }

    /** The number of migrations in {@code state}; NaN when the status could not be read. */
    synchronized double count(MigrationState state) {
        long now = System.nanoTime();
        if (counts == null || now - readAt >= MAX_AGE.toNanos()) {
            counts = read();
            readAt = now;
        }
        Map<MigrationState, Long> current = counts;
        return current.isEmpty() ? Double.NaN : current.getOrDefault(state, 0L);
    }

    private Map<MigrationState, Long> read() {
        try {
            Map<MigrationState, Long> byState = new EnumMap<>(MigrationState.class);
            for (MigrationState state : MigrationState.values()) {
                byState.put(state, 0L);
            }
            for (MigrationInfo migration : migrator.status(READ_BOUND).migrations()) {
                byState.merge(migration.state(), 1L, Long::sum);
            }
            failing = false;
            return byState;
        } catch (RuntimeException e) {
            if (!failing) {
                log.warn("migrate: the migrate.migrations gauges of Migrator '" + migrator.name()
                        + "' cannot read the status (" + Failures.describe(e) + "); they report NaN until it can");
                failing = true;
            }
            return Map.of();
        }
    }
}
