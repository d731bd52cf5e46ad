package dev.migrate.internal.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the history says at one moment.
 *
 * @param exists whether the history table exists at all
 * @param applied the history table's rows, in migration order
 * @param details migrate's side rows by id (applied and failed migrations it recorded)
 */
public record HistorySnapshot(boolean exists, List<AppliedRow> applied, Map<String, MigrationDetails> details) {

    public HistorySnapshot {
        applied = List.copyOf(applied);
        details = Map.copyOf(details);
    }

    // Plain loops and a named comparator: this runs in every boot's first call, where each stream
    // pipeline and lambda is linked the first time it runs.
    static HistorySnapshot of(
            boolean exists, List<AppliedRow> applied, List<MigrationDetails> details, Comparator<String> order) {
        List<AppliedRow> sorted = new ArrayList<>(applied);
        sorted.sort(new ById(order)); // rows mostly come in applied order: about one comparison each
        Map<String, MigrationDetails> byId = new HashMap<>();
        for (MigrationDetails row : details) {
            if (byId.put(row.id(), row) != null) {
                throw new IllegalStateException("two side rows for " + row.id());
            }
        }
        return new HistorySnapshot(exists, sorted, byId);
    }

    private static final class ById implements Comparator<AppliedRow> {
        private final Comparator<String> order;

        ById(Comparator<String> order) {
            this.order = order;
        }

        @Override
        public int compare(AppliedRow a, AppliedRow b) {
            return order.compare(a.id(), b.id());
        }
    }

    /** The applied row of an id, if applied. */
    public Optional<AppliedRow> applied(String id) {
        return applied.stream().filter(a -> a.id().equals(id)).findFirst();
    }

    /** The side row of an id, if migrate recorded one. */
    public Optional<MigrationDetails> details(String id) {
        return Optional.ofNullable(details.get(id));
    }
}
