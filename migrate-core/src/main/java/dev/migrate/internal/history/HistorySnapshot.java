package dev.migrate.internal.history;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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
        List<AppliedRow> sorted = applied.stream()
                .sorted(Comparator.comparing(AppliedRow::id, order))
                .toList();
        Map<String, MigrationDetails> byId =
                details.stream().collect(Collectors.toMap(MigrationDetails::id, Function.identity()));
        return new HistorySnapshot(exists, sorted, byId);
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
