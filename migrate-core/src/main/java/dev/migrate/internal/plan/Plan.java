package dev.migrate.internal.plan;

import dev.migrate.Direction;
import java.util.List;

/**
 * What a run will do, in order.
 *
 * @param direction up (apply) or down (undo)
 * @param steps the migrations, in the order they run
 * @param holes pending migrations older than the newest applied one (applied first, with a
 *     warning: a branch merged late)
 * @param future applied migrations newer than every migration the source has: a newer release
 *     applied them (a rolling deploy, a rollback); left alone, with a warning
 */
public record Plan(Direction direction, List<Migration> steps, List<String> holes, List<String> future) {

    public Plan {
        steps = List.copyOf(steps);
        holes = List.copyOf(holes);
        future = List.copyOf(future);
    }

    public boolean isEmpty() {
        return steps.isEmpty();
    }
}
