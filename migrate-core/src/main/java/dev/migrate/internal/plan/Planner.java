package dev.migrate.internal.plan;

import dev.migrate.Direction;
import dev.migrate.MigrationPlanException;
import dev.migrate.internal.history.AppliedRow;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import dev.migrate.internal.log.Log;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides which migrations a run applies or undoes, as sql-migrate does, and checks the history
 * against the source first: an applied id the source lacks (an error, unless it is newer than every
 * migration the source has: a future one, which a newer release applied; always an error when a
 * pending file has its recorded checksum: a {@linkplain Renames rename}), an applied file that was
 * edited, a failed migration (Up or Down) waiting for repair.
 */
public final class Planner {

    private static final Log log = Log.of(Planner.class);

    private final boolean ignoreUnknown;
    private final boolean validateChecksums;
    private final boolean retryFailed;
    private final @Nullable RememberedPlan remembered;

    /** A planner that remembers no plan. */
    public Planner(boolean ignoreUnknown, boolean validateChecksums, boolean retryFailed) {
        this(ignoreUnknown, validateChecksums, retryFailed, null);
    }

    /**
     * @param ignoreUnknown accept applied ids the source lacks
     * @param validateChecksums fail (true) or warn (false) on an edited applied file
     * @param retryFailed plan failed {@code notransaction} migrations again without a repair
     * @param remembered where the last {@code up} plan is kept, or null to plan afresh every time
     */
    public Planner(
            boolean ignoreUnknown,
            boolean validateChecksums,
            boolean retryFailed,
            @Nullable RememberedPlan remembered) {
        this.ignoreUnknown = ignoreUnknown;
        this.validateChecksums = validateChecksums;
        this.retryFailed = retryFailed;
        this.remembered = remembered;
    }

    /**
     * Pending migrations to apply: holes (pending files older than the newest applied one) first,
     * then newer ones, at most {@code limit} of the newer ({@code 0}: all), none after {@code
     * target} (inclusive).
     */
    public Plan up(List<Migration> migrations, HistorySnapshot history, int limit, @Nullable String target) {
        // Only where planning cannot warn: without checksum validation an edited file is a
        // warning, and it should be logged on every run, not once per Migrator.
        RememberedPlan memory = validateChecksums ? remembered : null;
        if (memory != null) {
            Plan known = memory.found(migrations, history, limit, target, ignoreUnknown, retryFailed);
            if (known != null) {
                return known;
            }
        }
        Plan plan = planUp(migrations, history, limit, target);
        if (memory != null) {
            memory.remember(migrations, history, limit, target, ignoreUnknown, retryFailed, plan);
        }
        return plan;
    }

    private Plan planUp(List<Migration> migrations, HistorySnapshot history, int limit, @Nullable String target) {
        List<String> future = new ArrayList<>();
        Map<String, Migration> byId = check(migrations, history, future);
        if (target != null && !byId.containsKey(target)) {
            throw new MigrationPlanException(
                    MigrationPlanException.Reason.BAD_TARGET,
                    target,
                    "target migration " + target + " is not among the migrations found");
        }
        String current = history.applied().isEmpty()
                ? null
                : history.applied().get(history.applied().size() - 1).id();
        Set<String> applied = appliedIds(history);
        List<Migration> holes = new ArrayList<>();
        List<Migration> newer = new ArrayList<>();
        for (Migration migration : migrations) {
            if (applied.contains(migration.id())) {
                continue;
            }
            if (target != null && MigrationOrder.INSTANCE.compare(migration.id(), target) > 0) {
                break;
            }
            if (current != null && MigrationOrder.INSTANCE.compare(migration.id(), current) < 0) {
                holes.add(migration);
            } else if (limit == 0 || newer.size() < limit) {
                newer.add(migration);
            }
        }
        List<Migration> steps = new ArrayList<>(holes);
        steps.addAll(newer);
        // Loops rather than lambdas on the path of every boot (docs/benchmarks.md, "The no-op path
        // without lambdas"): a fresh JVM links each lambda on first use.
        for (Migration step : steps) {
            refuseFailed(step, history);
        }
        for (Migration step : steps) {
            step.parsed(); // a broken file fails the run before anything runs
        }
        List<String> holeIds = new ArrayList<>(holes.size());
        for (Migration hole : holes) {
            holeIds.add(hole.id());
        }
        return new Plan(Direction.UP, steps, holeIds, future);
    }

    /**
     * Applied migrations to undo, newest first: {@code count} of them ({@code 0}: all), or those
     * newer than {@code target}. Unlike the Go tool, never the Up of a pending hole.
     */
    public Plan down(List<Migration> migrations, HistorySnapshot history, int count, @Nullable String target) {
        List<String> future = new ArrayList<>();
        Map<String, Migration> byId = check(migrations, history, future);
        List<AppliedRow> newestFirst = new ArrayList<>(history.applied());
        Collections.reverse(newestFirst);
        if (target != null && history.applied(target).isEmpty()) {
            throw new MigrationPlanException(
                    MigrationPlanException.Reason.BAD_TARGET, target, "target migration " + target + " is not applied");
        }
        List<Migration> steps = new ArrayList<>();
        for (AppliedRow applied : newestFirst) {
            if (target != null ? applied.id().equals(target) : count != 0 && steps.size() == count) {
                break;
            }
            Migration migration = byId.get(applied.id());
            if (migration == null) {
                throw new MigrationPlanException(
                        MigrationPlanException.Reason.MISSING_FILE,
                        applied.id(),
                        "cannot undo " + applied.id()
                                + ": it is applied but its file is not among the migrations found"
                                + (future.contains(applied.id())
                                        ? " (it is newer than every migration found: a newer release applied it)"
                                        : ""));
            }
            refuseFailedDown(migration, history);
            steps.add(migration);
        }
        steps.forEach(Migration::parsed); // a broken file fails the run before anything runs
        return new Plan(Direction.DOWN, steps, List.of(), future);
    }

    /**
     * Checks the history against the source and answers the source by id; applied ids newer than
     * every migration of the source go to {@code future}.
     */
    private Map<String, Migration> check(List<Migration> migrations, HistorySnapshot history, List<String> future) {
        Map<String, Migration> byId = new LinkedHashMap<>();
        for (Migration migration : migrations) {
            byId.put(migration.id(), migration);
        }
        Map<String, Migration> renamed = null;
        for (AppliedRow applied : history.applied()) {
            Migration migration = byId.get(applied.id());
            if (migration == null) {
                if (renamed == null) {
                    renamed = Renames.find(migrations, history);
                }
                Migration renamedTo = renamed.get(applied.id());
                if (renamedTo != null) {
                    // never future, never ignored: the pending file would run the same SQL again
                    throw new MigrationPlanException(
                            MigrationPlanException.Reason.RENAMED,
                            applied.id(),
                            Renames.describe(applied.id(), renamedTo.id()));
                }
                if (isFuture(newest(migrations), applied.id())) {
                    future.add(applied.id());
                } else if (!ignoreUnknown) {
                    throw new MigrationPlanException(
                            MigrationPlanException.Reason.UNKNOWN_APPLIED,
                            applied.id(),
                            "unknown migration in database: " + applied.id()
                                    + (applied.appliedAt() == null
                                            ? " was applied"
                                            : " was applied at " + applied.appliedAt())
                                    + " but is not among the migrations found; restore the file, or set ignore-unknown");
                }
                continue;
            }
            MigrationDetails details = history.details().get(applied.id());
            if (details != null) {
                checkChecksum(migration, details);
            }
        }
        return byId;
    }

    /**
     * Whether an applied id the source lacks is newer than every migration the source has: a newer
     * release applied it (a rolling deploy, a rollback), so this one boots and leaves it alone. With
     * no migrations at all there is nothing to be newer than, and the id is unknown.
     *
     * @param newest the newest migration of the source ({@link #newest}), or null when it has none
     */
    public static boolean isFuture(@Nullable String newest, String appliedId) {
        return newest != null && MigrationOrder.INSTANCE.compare(appliedId, newest) > 0;
    }

    /** The id of the newest migration, in migration order, or null for none. */
    public static @Nullable String newest(List<Migration> migrations) {
        String newest = null;
        for (Migration migration : migrations) {
            if (newest == null || MigrationOrder.INSTANCE.compare(migration.id(), newest) > 0) {
                newest = migration.id();
            }
        }
        return newest;
    }

    private void checkChecksum(Migration migration, MigrationDetails details) {
        String recorded = details.checksum();
        if (recorded == null || details.failed() || migration.hasChecksum(recorded, details.fingerprint())) {
            return;
        }
        String problem = "applied migration " + migration.id() + " was edited after it was applied (checksum "
                + recorded + " recorded, " + migration.checksum() + " now)";
        if (validateChecksums) {
            throw new MigrationPlanException(
                    MigrationPlanException.Reason.EDITED,
                    migration.id(),
                    problem + "; restore the file, or run repair to accept the edit, or set validateChecksums(false)");
        }
        log.warn(problem);
    }

    private void refuseFailed(Migration step, HistorySnapshot history) {
        MigrationDetails details = history.details(step.id()).orElse(null);
        if (details == null || !details.failed() || retryFailed) {
            return;
        }
        throw new MigrationPlanException(
                MigrationPlanException.Reason.FAILED,
                step.id(),
                "migration " + step.id() + " failed at line " + details.failedLine()
                        + (details.updatedAt() == null ? "" : " on " + details.updatedAt()) + " (" + details.message()
                        + ") and ran without a transaction, so"
                        + " the statements before that line stayed applied; check the database, then run repair"
                        + " (or set retryFailed) to run it again");
    }

    /**
     * Refuses a plan that would run a migration carrying a running mark (see {@link
     * MigrationDetails#RUNNING}), unless {@code retryFailed}. Only a run that holds the lock may ask:
     * then no live run wrote the mark; its holder died inside a statement that cannot be rolled back,
     * and running the file again would repeat what it committed.
     *
     * @throws MigrationPlanException naming the file, the statement's line and the statement
     */
    public void refuseInterrupted(Plan plan, HistorySnapshot history) {
        if (retryFailed) {
            return;
        }
        for (Migration step : plan.steps()) {
            MigrationDetails details = history.details(step.id()).orElse(null);
            boolean down = plan.direction() == Direction.DOWN;
            if (details == null || !(down ? details.downRunning() : details.running())) {
                continue;
            }
            boolean noTransaction = step.parsed().noTransaction(plan.direction());
            String what = down ? "the Down of " + step.id() : "migration " + step.id();
            throw new MigrationPlanException(
                    MigrationPlanException.Reason.INTERRUPTED,
                    step.id(),
                    what + " was interrupted: the process that ran it" + by(details)
                            + " stopped (killed, out of memory, its node lost, or frozen past its lease) "
                            + (noTransaction ? "while it ran" : "at or after") + " line " + details.failedLine()
                            + ": " + details.message() + "\n  "
                            + (noTransaction
                                    ? step.id() + " runs without a transaction, so the statements before that line"
                                            + " stayed applied, and that statement may have too"
                                    : "that statement commits implicitly on this database: it and the statements"
                                            + " before it may be committed; those after it were rolled back")
                            + (down ? " (" + step.id() + " is still recorded as applied)" : "")
                            + ".\n  Check the database, then run repair: the next "
                            + (down ? "down runs its Down" : "run runs it") + " again from the top"
                            + (down ? "" : " (once you have completed it by hand instead: repair, then skip it)")
                            + "; retryFailed runs it again without a repair");
        }
    }

    /** Who ran it and since when it ran that statement, in parentheses, as far as recorded. */
    private static String by(MigrationDetails details) {
        if (details.appliedBy() == null && details.updatedAt() == null) {
            return "";
        }
        if (details.updatedAt() == null) {
            return " (" + details.appliedBy() + ")";
        }
        return " (" + (details.appliedBy() == null ? "" : details.appliedBy() + ", ") + "in that statement since "
                + details.updatedAt() + ")";
    }

    private void refuseFailedDown(Migration step, HistorySnapshot history) {
        MigrationDetails details = history.details(step.id()).orElse(null);
        if (details == null || !details.downFailed() || retryFailed) {
            return;
        }
        throw new MigrationPlanException(
                MigrationPlanException.Reason.DOWN_FAILED,
                step.id(),
                "the Down of " + step.id() + " failed at line " + details.failedLine()
                        + (details.updatedAt() == null ? "" : " on " + details.updatedAt()) + " (" + details.message()
                        + ") after part of it was committed, so " + step.id() + " is still recorded as applied but"
                        + " partly undone; check the database, then run repair (or set retryFailed) to run its Down again");
    }

    private static Set<String> appliedIds(HistorySnapshot history) {
        Set<String> ids = new HashSet<>();
        for (AppliedRow applied : history.applied()) {
            ids.add(applied.id());
        }
        return ids;
    }
}
