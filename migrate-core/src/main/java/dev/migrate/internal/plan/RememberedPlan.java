package dev.migrate.internal.plan;

import dev.migrate.internal.history.HistorySnapshot;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The last {@code up} plan, with what it was made of: planning is a pure function of these, so the
 * same catalog and history snapshot (the very same objects, which {@link MigrationCatalog} and the
 * remembered planning reads hand out again while nothing changed) give the same plan without
 * checking every migration again. One part of a {@code Migrator}'s memory; the rules are stated in
 * {@link dev.migrate.internal.run.RunMemory}.
 */
public final class RememberedPlan {

    // Compared field by field in found(), not through a record's generated equals: that would be
    // linked at its first call, which is the second call of a process.
    private record UpPlan(
            List<Migration> migrations,
            HistorySnapshot history,
            int limit,
            @Nullable String target,
            boolean ignoreUnknown,
            boolean retryFailed,
            Plan plan) {}

    private volatile @Nullable UpPlan last;

    /** Nothing remembered yet. */
    public RememberedPlan() {}

    @Nullable
    Plan found(
            List<Migration> migrations,
            HistorySnapshot history,
            int limit,
            @Nullable String target,
            boolean ignoreUnknown,
            boolean retryFailed) {
        UpPlan remembered = last;
        if (remembered != null
                && remembered.migrations() == migrations
                && remembered.history() == history
                && remembered.limit() == limit
                && Objects.equals(remembered.target(), target)
                && remembered.ignoreUnknown() == ignoreUnknown
                && remembered.retryFailed() == retryFailed) {
            return remembered.plan();
        }
        return null;
    }

    void remember(
            List<Migration> migrations,
            HistorySnapshot history,
            int limit,
            @Nullable String target,
            boolean ignoreUnknown,
            boolean retryFailed,
            Plan plan) {
        last = new UpPlan(migrations, history, limit, target, ignoreUnknown, retryFailed, plan);
    }
}
