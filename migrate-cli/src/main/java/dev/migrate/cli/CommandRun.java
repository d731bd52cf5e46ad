package dev.migrate.cli;

import dev.migrate.MigrateResult;
import dev.migrate.MigrationPlan;
import dev.migrate.Migrator;
import dev.migrate.ValidationReport;
import dev.migrate.report.CommandJson;
import dev.migrate.report.FailureText;
import dev.migrate.report.PlanText;
import dev.migrate.report.RepairText;
import dev.migrate.report.RunText;
import dev.migrate.report.StatusText;
import dev.migrate.report.ValidationText;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs one command against the Migrator and returns the exit code, as the starter's exit mode
 * does: {@link MigrateCli#OK}, {@link MigrateCli#FAILED} or {@link MigrateCli#INVALID}. What a
 * command reports goes to {@code out}; failures go to {@code err}.
 */
final class CommandRun {

    private static final String FILESYSTEM = "filesystem:";

    /** The Migrator's name in the JSON document: the CLI has one, named as the starter's single auto-configured one. */
    static final String MIGRATOR = "migrator";

    private final Invocation invocation;
    private final PrintStream out;
    private final PrintStream err;

    CommandRun(Invocation invocation, PrintStream out, PrintStream err) {
        this.invocation = invocation;
        this.out = out;
        this.err = err;
    }

    /** {@code new}: writes the file into the first {@code filesystem:} location; needs no database. */
    int newMigration(List<String> locations, Clock clock) {
        Path folder = null;
        for (String location : locations) {
            if (location.startsWith(FILESYSTEM)) {
                folder = Path.of(location.substring(FILESYSTEM.length()));
                break;
            }
        }
        if (folder == null) {
            err.println("migrate: new writes a file into a folder, but the locations " + locations
                    + " have no filesystem: one; give one, e.g. MIGRATE_LOCATIONS=filesystem:db/migrations");
            return MigrateCli.FAILED;
        }
        if (!Files.isDirectory(folder)) {
            err.println("migrate: new: the folder " + folder.toAbsolutePath()
                    + " of the locations does not exist; create it, or fix MIGRATE_LOCATIONS");
            return MigrateCli.FAILED;
        }
        try {
            Path file = Migrator.newMigration(folder, String.valueOf(invocation.newName()), clock);
            out.println("migrate: created migration " + file);
            return MigrateCli.OK;
        } catch (RuntimeException e) {
            err.println("migrate: " + FailureText.of(e));
            return MigrateCli.FAILED;
        }
    }

    /** Every command but {@code new}. */
    int run(Migrator migrator) {
        Map<String, Object> report = new LinkedHashMap<>();
        int code;
        try {
            code = run(migrator, report);
        } catch (RuntimeException e) {
            String message = "migrate: " + FailureText.of(e);
            report.put("error", message);
            err.println(message);
            code = MigrateCli.FAILED;
        }
        if (invocation.json()) {
            out.print(CommandJson.document(
                    invocation.command().value(), invocation.dryRun(), code, Map.of(MIGRATOR, report)));
            out.flush();
        }
        return code;
    }

    private int run(Migrator migrator, Map<String, Object> report) {
        @Nullable String target = invocation.target();
        @Nullable Integer limit = invocation.limit();
        Command command = invocation.command();
        if (invocation.dryRun() || command == Command.PLAN) {
            return plan(plan(migrator, target, limit), report);
        }
        switch (command) {
            case UP ->
                summary(target != null ? migrator.upTo(target) : limit != null ? migrator.up(limit) : migrator.up());
            case DOWN -> summary(target != null ? migrator.downTo(target) : migrator.down(limit != null ? limit : 1));
            case REDO -> summary(migrator.redo());
            case SKIP ->
                summary(
                        target != null
                                ? migrator.skipTo(target)
                                : limit != null ? migrator.skip(limit) : migrator.skip());
            case STATUS -> {
                if (invocation.json()) {
                    report.putAll(CommandJson.status(migrator.status()));
                } else {
                    out.print(StatusText.of(migrator.status()));
                }
            }
            case VALIDATE -> {
                return validate(migrator.validate(), report);
            }
            case REPAIR -> out.println(RepairText.of(migrator.repair()));
            case PLAN, NEW -> throw new IllegalStateException("not run here: " + command);
        }
        return MigrateCli.OK;
    }

    private MigrationPlan plan(Migrator migrator, @Nullable String target, @Nullable Integer limit) {
        return switch (invocation.command()) {
            case DOWN -> target != null ? migrator.planDownTo(target) : migrator.planDown(limit != null ? limit : 1);
            case REDO -> migrator.planRedo();
            default ->
                target != null ? migrator.planTo(target) : limit != null ? migrator.plan(limit) : migrator.plan();
        };
    }

    private int plan(MigrationPlan plan, Map<String, Object> report) {
        if (invocation.json()) {
            report.putAll(CommandJson.plan(plan));
            return MigrateCli.OK;
        }
        out.print(PlanText.of(plan));
        return MigrateCli.OK;
    }

    private int validate(ValidationReport report, Map<String, Object> shown) {
        if (invocation.json()) {
            shown.putAll(CommandJson.validation(report));
            return report.isValid() ? MigrateCli.OK : MigrateCli.INVALID;
        }
        out.print(ValidationText.of(report, "repair", "MIGRATE_IGNORE_UNKNOWN=true"));
        if (report.isValid()) {
            return MigrateCli.OK;
        }
        err.println(ValidationText.problems(report, MigrateCli.INVALID));
        return MigrateCli.INVALID;
    }

    /** One line on what a run did, as the starter logs it. */
    private void summary(MigrateResult result) {
        out.println(RunText.of(result));
    }
}
