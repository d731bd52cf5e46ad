package dev.migrate.boot;

import dev.migrate.Migrator;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Runner mode's plan ahead: while the context goes on creating its beans (and the web server),
 * a daemon thread of its own plans what the start-up run will do ({@link Migrator#plan()}: the
 * files listed and checksummed, the pool's first connection, the history read; no lock, nothing
 * written, no callback). The Migrator remembers that work (the core's run memory: checksums by
 * file version, the history by its digest, the plan), so the run after the web server started
 * finds it done and only checks that nothing changed. The run itself, and so the moment anything
 * is migrated, is as before; a failure here is left to the run, which meets and reports it.
 *
 * <p>Only where planning says nothing the run would not say again: no strategy of the
 * application (its run may be another operation), checksum validation on (without it planning
 * warns of an edited file, and would warn twice), no connect retries (their warnings would come
 * twice).
 */
final class PlanAhead {

    /** The plan-ahead thread's name. */
    static final String THREAD = "migrate-plan-ahead";

    private PlanAhead() {}

    /**
     * What to plan ahead for a run of {@code migrate.*} ({@code up}, or {@code upTo} the target),
     * or null where planning ahead could differ from the run or log twice.
     */
    static @Nullable Consumer<Migrator> of(MigrateProperties properties, boolean strategyOfTheApplication) {
        boolean quiet = properties.getConnectRetries() == 0
                && properties.isValidateChecksums()
                && properties.getMigrators().values().stream()
                        .noneMatch(entry -> Boolean.FALSE.equals(entry.getValidateChecksums()));
        if (strategyOfTheApplication || !quiet) {
            return null;
        }
        @Nullable String target = properties.getTarget();
        return target == null ? Migrator::plan : migrator -> migrator.planTo(target);
    }

    /** Plans ahead for each of {@code executions} that does, in order, on a daemon thread. */
    static void start(Collection<MigrateExecution> executions) {
        List<MigrateExecution> planning =
                executions.stream().filter(MigrateExecution::plansAhead).toList();
        if (planning.isEmpty()) {
            return;
        }
        Thread thread = new Thread(() -> planning.forEach(MigrateExecution::planAhead), THREAD);
        thread.setDaemon(true);
        thread.start();
    }
}
