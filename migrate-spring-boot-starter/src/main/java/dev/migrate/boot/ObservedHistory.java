package dev.migrate.boot;

import dev.migrate.MigrateException;
import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.StatusReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a service in {@code migrate.mode=observe} logs at start-up about the history a migration
 * Job or initContainer writes: one INFO line when all is applied, a WARN line when migrations are
 * pending (the Job did not run: this process will not apply them), failed or interrupted (they wait
 * for a repair), and an INFO line for future migrations (a rolled-back release). Never fails the
 * start-up: an unreadable history is a warning, and the health indicator and meters keep reporting.
 */
final class ObservedHistory {

    /** How long the one read may wait for a lock another session holds on the history tables. */
    static final Duration BOUND = Duration.ofSeconds(5);

    /** How many ids a line names before it says how many more. */
    private static final int SHOWN = 5;

    private static final Log log = LogFactory.getLog(ObservedHistory.class);

    private ObservedHistory() {}

    static void log(String name, Migrator migrator) {
        StatusReport status;
        try {
            status = migrator.status(BOUND);
        } catch (MigrateException e) {
            log.warn("migrate: could not read the migration history of migrator " + name
                    + " (migrate.mode=observe; the health indicator and meters keep trying): " + e.getMessage());
            return;
        }
        for (String line : warnings(name, status)) {
            log.warn(line);
        }
        log.info(summary(name, status));
    }

    /** One line with the counts, and what a person should know beside them. */
    static String summary(String name, StatusReport status) {
        String line = "migrate: observing migrator " + name + " (migrate.mode=observe, this process migrates"
                + " nothing): " + status.applied().size() + " applied, "
                + status.pending().size() + " pending";
        if (!status.future().isEmpty()) {
            line += ", " + status.future().size() + " newer than this release (" + ids(status.future())
                    + "; a rolled-back release runs on the newer schema)";
        }
        return line;
    }

    /** The states an operator must act on, one line each; empty when there are none. */
    static List<String> warnings(String name, StatusReport status) {
        List<String> lines = new ArrayList<>();
        if (!status.pending().isEmpty()) {
            lines.add("migrate: " + count(status.pending()) + " of migrator " + name + " pending ("
                    + ids(status.pending()) + ") and this process does not apply them (migrate.mode=observe):"
                    + " did the migration Job or initContainer run? Run it (the same image with"
                    + " migrate.mode=exit), or let the service migrate (remove migrate.mode=observe)");
        }
        if (!status.failed().isEmpty()) {
            lines.add("migrate: " + count(status.failed()) + " of migrator " + name + " failed part-way ("
                    + ids(status.failed()) + "): check what it left behind, then run repair"
                    + " (migrate.mode=exit with migrate.command=repair)");
        }
        if (!status.interrupted().isEmpty()) {
            lines.add("migrate: " + count(status.interrupted()) + " of migrator " + name + " interrupted ("
                    + ids(status.interrupted()) + "; its process died inside a statement that cannot be"
                    + " rolled back): check what it left behind, then run repair (migrate.mode=exit with"
                    + " migrate.command=repair)");
        }
        return lines;
    }

    private static String count(List<MigrationInfo> migrations) {
        return migrations.size() == 1 ? "1 migration" : migrations.size() + " migrations";
    }

    private static String ids(List<MigrationInfo> migrations) {
        String shown = migrations.stream().limit(SHOWN).map(MigrationInfo::id).collect(Collectors.joining(", "));
        return migrations.size() > SHOWN ? shown + " and " + (migrations.size() - SHOWN) + " more" : shown;
    }
}
