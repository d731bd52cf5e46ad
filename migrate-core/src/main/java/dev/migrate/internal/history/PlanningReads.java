package dev.migrate.internal.history;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Planning reads remembered by the database's digest of the history: the same digest means the
 * same rows, so the same snapshot. One part of a {@code Migrator}'s memory; the rules are stated
 * in {@link dev.migrate.internal.run.RunMemory}.
 */
public final class PlanningReads {

    /** More distinct histories than this, and the memory starts afresh. */
    static final int MAX_REMEMBERED = 64;

    // Keyed by the digest text alone: the digest covers every field a planning read decodes, and
    // one Migrator plans in one migration order, so equal text means an equal snapshot, even from
    // another database behind the same DataSource (each dialect's digest has its own form, and
    // equal forms mean equal rows). A String key needs no equals of its own on this path.
    private final ConcurrentMap<String, HistorySnapshot> byDigest = new ConcurrentHashMap<>();

    boolean isEmpty() {
        return byDigest.isEmpty();
    }

    @Nullable
    HistorySnapshot get(String digest) {
        return byDigest.get(digest);
    }

    void remember(String digest, HistorySnapshot snapshot) {
        if (byDigest.size() >= MAX_REMEMBERED) {
            byDigest.clear();
        }
        byDigest.put(digest, snapshot);
    }
}
