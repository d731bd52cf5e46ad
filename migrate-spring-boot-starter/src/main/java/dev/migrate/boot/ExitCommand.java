package dev.migrate.boot;

import dev.migrate.MigrationPlan;
import dev.migrate.Migrator;
import dev.migrate.StatusReport;
import dev.migrate.ValidationReport;
import dev.migrate.boot.MigrateProperties.Command;
import dev.migrate.report.CommandJson;
import dev.migrate.report.PlanText;
import dev.migrate.report.RepairText;
import dev.migrate.report.StatusText;
import dev.migrate.report.ValidationText;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code migrate.command} of exit mode against each Migrator and returns the process's exit
 * code: {@link #OK}, {@link #FAILED} (the command failed, or a setting does not fit it; the reason
 * is on stderr) or {@link #INVALID} ({@code validate} found edited files, unknown ids or failed
 * migrations). {@code status}, {@code validate} and {@code plan} print to stdout, as text or, with
 * {@code migrate.output=json}, as one JSON document ({@link CommandJson}, docs/exit-mode-json.md).
 */
final class ExitCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    private final Command command;
    private final @Nullable String target;
    private final @Nullable Integer limit;
    private final boolean dryRun;
    private final boolean json;
    private final MigrateProperties properties;
    private final MigrateExecutions executions;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;

    ExitCommand(MigrateProperties properties, MigrateExecutions executions, PrintStream out, PrintStream err) {
        this(properties, executions, out, err, Clock.systemUTC());
    }

    /** @param clock the time of a new migration file's name */
    ExitCommand(
            MigrateProperties properties, MigrateExecutions executions, PrintStream out, PrintStream err, Clock clock) {
        this.properties = properties;
        this.command = properties.getCommand();
        this.target = properties.getTarget();
        this.limit = properties.getLimit();
        this.dryRun = properties.isDryRun();
        this.json = properties.getOutput() == MigrateProperties.Output.JSON;
        this.executions = executions;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /**
     * The exit-mode settings this class adds to sql-migrate's command line, when set outside exit
     * mode: a message naming them, or null. Outside exit mode they would do nothing, and a setting
     * is never silently ignored.
     */
    static @Nullable String exitModeOnly(MigrateProperties properties) {
        List<String> set = new ArrayList<>();
        if (properties.getLimit() != null) {
            set.add("migrate.limit");
        }
        if (properties.isDryRun()) {
            set.add("migrate.dry-run");
        }
        if (properties.getOutput() != MigrateProperties.Output.TEXT) {
            set.add("migrate.output");
        }
        if (properties.getNewName() != null) {
            set.add("migrate.new-name");
        }
        if (properties.isExitBeforeContext()) {
            set.add("migrate.exit-before-context");
        }
        return set.isEmpty()
                ? null
                : String.join(", ", set) + " " + (set.size() == 1 ? "applies" : "apply")
                        + " only to migrate.mode=exit (the app image as a command line), but migrate.mode is "
                        + properties.getMode().name().toLowerCase(Locale.ROOT)
                        + ": set migrate.mode=exit, or remove " + (set.size() == 1 ? "it" : "them");
    }

    int run() {
        String refused = refused();
        if (refused != null) {
            err.println("migrate: " + refused);
            return FAILED;
        }
        if (command == Command.NEW) {
            return new NewMigrationCommand(properties, executions, out, err, clock).run();
        }
        int code = OK;
        Map<String, Map<String, Object>> shown = new LinkedHashMap<>();
        for (MigrateExecution execution : executions.all()) {
            if (!json && executions.byName().size() > 1) {
                out.println("migrator " + execution.name() + ":");
            }
            Map<String, Object> report = new LinkedHashMap<>();
            code = Math.max(code, run(execution, report));
            shown.put(execution.name(), report);
        }
        if (json) {
            out.print(CommandJson.document(command.name().toLowerCase(Locale.ROOT), dryRun, code, shown));
            out.flush();
        }
        return code;
    }

    /** Why the settings do not fit the command, or null when they do. */
    private @Nullable String refused() {
        String name = command.name().toLowerCase(Locale.ROOT);
        boolean counts =
                command == Command.UP || command == Command.DOWN || command == Command.SKIP || command == Command.PLAN;
        if (target != null && !counts) {
            return "migrate.target does not apply to migrate.command=" + name + "; it fits up, down, skip and plan";
        }
        if (limit != null && !counts) {
            return "migrate.limit does not apply to migrate.command=" + name + "; it fits up, down, skip and plan";
        }
        if (limit != null && limit < 0) {
            return "migrate.limit must be 0 (all) or more, was " + limit;
        }
        if (limit != null && target != null) {
            return "set migrate.target or migrate.limit, not both";
        }
        if (dryRun && command != Command.UP && command != Command.DOWN && command != Command.REDO) {
            return "migrate.dry-run does not apply to migrate.command=" + name + "; it fits up, down and redo"
                    + " (migrate.command=plan is up's dry run)";
        }
        if (json && !dryRun && command != Command.STATUS && command != Command.VALIDATE && command != Command.PLAN) {
            return "migrate.output=json does not apply to migrate.command=" + name
                    + "; it fits status, validate, plan and migrate.dry-run";
        }
        if (properties.getNewName() != null && command != Command.NEW) {
            return "migrate.new-name does not apply to migrate.command=" + name + "; it names the file of"
                    + " migrate.command=new";
        }
        return null;
    }

    private int run(MigrateExecution execution, Map<String, Object> report) {
        Migrator migrator = execution.migrator();
        @Nullable String to = target;
        @Nullable Integer max = limit;
        try {
            if (dryRun || command == Command.PLAN) {
                return plan(plan(migrator, to, max), report);
            }
            switch (command) {
                case UP -> {
                    if (to != null) {
                        execution.run(m -> m.upTo(to));
                    } else if (max != null) {
                        execution.run(m -> m.up(max));
                    } else {
                        execution.migrate();
                    }
                }
                case DOWN -> execution.run(m -> to != null ? m.downTo(to) : m.down(max != null ? max : 1));
                case REDO -> execution.run(Migrator::redo);
                case SKIP -> execution.run(m -> to != null ? m.skipTo(to) : max != null ? m.skip(max) : m.skip());
                case STATUS -> {
                    StatusReport status = migrator.status();
                    if (json) {
                        report.putAll(CommandJson.status(status));
                    } else {
                        out.print(StatusText.of(status));
                    }
                }
                case VALIDATE -> {
                    return validate(migrator.validate(), report);
                }
                case REPAIR -> out.println(RepairText.of(migrator.repair()));
                case PLAN, NEW -> throw new IllegalStateException("handled above: " + command);
            }
            return OK;
        } catch (MigrateStartupException e) {
            report.put("error", e.getMessage());
            err.println(e.getMessage());
            err.println("  " + FailureAdvice.forFailure(e.getCause()));
            return FAILED;
        } catch (RuntimeException e) {
            String message = "migrate: " + Failures.describe(e);
            report.put("error", message);
            err.println(message);
            err.println("  " + FailureAdvice.forFailure(e));
            return FAILED;
        }
    }

    private MigrationPlan plan(Migrator migrator, @Nullable String to, @Nullable Integer max) {
        if (command == Command.DOWN) {
            return to != null ? migrator.planDownTo(to) : migrator.planDown(max != null ? max : 1);
        }
        if (command == Command.REDO) {
            return migrator.planRedo();
        }
        return to != null ? migrator.planTo(to) : max != null ? migrator.plan(max) : migrator.plan();
    }

    private int plan(MigrationPlan plan, Map<String, Object> report) {
        if (json) {
            report.putAll(CommandJson.plan(plan));
            return OK;
        }
        out.print(PlanText.of(plan));
        return OK;
    }

    private int validate(ValidationReport report, Map<String, Object> shown) {
        if (json) {
            shown.putAll(CommandJson.validation(report));
            return report.isValid() ? OK : INVALID;
        }
        out.print(ValidationText.of(report, "migrate.command=repair", PropertyNames.of("ignoreUnknown")));
        if (report.isValid()) {
            return OK;
        }
        err.println(ValidationText.problems(report, INVALID));
        return INVALID;
    }
}
