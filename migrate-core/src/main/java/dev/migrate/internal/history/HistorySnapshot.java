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

    static HistorySnapshot of(
            boolean exists, List<AppliedRow> applied, List<MigrationDetails> details, Comparator<String> order) {
        // Loops rather than streams and lambdas: this is on every boot's path, where a fresh JVM links
        // each lambda and stream shape on first use (docs/benchmarks.md, "The no-op path without lambdas").
        List<AppliedRow> sorted = new ArrayList<>(applied);
        sorted.sort(new ById(order));
        Map<String, MigrationDetails> byId = new HashMap<>(details.size() * 2);
        for (MigrationDetails row : details) {
            byId.put(row.id(), row);
        }
        return new HistorySnapshot(exists, sorted, byId);
    }

    /** Applied rows in migration order of their ids. */
    private record ById(Comparator<String> order) implements Comparator<AppliedRow> {
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
