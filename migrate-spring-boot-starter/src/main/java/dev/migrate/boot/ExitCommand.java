package dev.migrate.boot;

import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.RepairResult;
import dev.migrate.StatusReport;
import dev.migrate.ValidationReport;
import dev.migrate.boot.MigrateProperties.Command;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Runs {@code migrate.command} of exit mode against each Migrator and returns the process's exit
 * code: {@link #OK}, {@link #FAILED} (the command failed; the reason is on stderr) or {@link
 * #INVALID} ({@code validate} found edited files, unknown ids or failed migrations). {@code status}
 * and {@code validate} print to stdout.
 */
final class ExitCommand {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    private static final DateTimeFormatter APPLIED_AT = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Command command;
    private final @Nullable String target;
    private final MigrateExecutions executions;
    private final PrintStream out;
    private final PrintStream err;

    ExitCommand(
            Command command, @Nullable String target, MigrateExecutions executions, PrintStream out, PrintStream err) {
        this.command = command;
        this.target = target;
        this.executions = executions;
        this.out = out;
        this.err = err;
    }

    int run() {
        String name = command.name().toLowerCase(Locale.ROOT);
        if (target != null
                && (command == Command.REDO
                        || command == Command.STATUS
                        || command == Command.VALIDATE
                        || command == Command.REPAIR)) {
            err.println("migrate: migrate.target does not apply to migrate.command=" + name
                    + "; it fits up, down and skip");
            return FAILED;
        }
        int code = OK;
        for (MigrateExecution execution : executions.all()) {
            if (executions.byName().size() > 1) {
                out.println("migrator " + execution.name() + ":");
            }
            code = Math.max(code, run(execution));
        }
        return code;
    }

    private int run(MigrateExecution execution) {
        Migrator migrator = execution.migrator();
        @Nullable String to = target;
        try {
            switch (command) {
                case UP -> {
                    if (to == null) {
                        execution.migrate();
                    } else {
                        execution.run(m -> m.upTo(to));
                    }
                }
                case DOWN -> execution.run(m -> to == null ? m.down() : m.downTo(to));
                case REDO -> execution.run(Migrator::redo);
                case SKIP -> execution.run(m -> to == null ? m.skip() : m.skipTo(to));
                case STATUS -> out.print(table(migrator.status()));
                case VALIDATE -> {
                    return validate(migrator.validate());
                }
                case REPAIR -> out.println(repaired(migrator.repair()));
            }
            return OK;
        } catch (MigrateStartupException e) {
            err.println(e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("migrate: " + Failures.describe(e));
            return FAILED;
        }
    }

    private int validate(ValidationReport report) {
        if (report.isValid()) {
            out.println("migrate: valid: no edited files, no unknown ids, no failed migrations");
            return OK;
        }
        report.edited()
                .forEach(id -> out.println("edited:  " + id
                        + " changed after it was applied (restore it, or run migrate.command=repair)"));
        report.unknown()
                .forEach(id -> out.println("unknown: " + id
                        + " is applied but not among the migrations (restore it, or set migrate.ignore-unknown)"));
        report.failed()
                .forEach(id -> out.println(
                        "failed:  " + id + " failed part-way (check the database, then run migrate.command=repair)"));
        err.println("migrate: validate found "
                + (report.edited().size()
                        + report.unknown().size()
                        + report.failed().size()) + " problem(s); exit code " + INVALID);
        return INVALID;
    }

    private static String repaired(RepairResult result) {
        if (result.clearedFailures().isEmpty()
                && result.updatedChecksums().isEmpty()
                && result.renamed().isEmpty()) {
            return "migrate: repair: nothing to repair";
        }
        return "migrate: repair: cleared failures " + result.clearedFailures() + ", accepted the checksums of "
                + result.updatedChecksums()
                + (result.renamed().isEmpty() ? "" : ", recorded renamed files " + result.renamed());
    }

    /** The status as a table a person reads, like the Go tool's {@code sql-migrate status}. */
    static String table(StatusReport status) {
        List<String[]> rows = new ArrayList<>();
        for (MigrationInfo info : status.migrations()) {
            rows.add(new String[] {
                info.id(),
                applied(info.appliedAt()),
                duration(info.executionTime()),
                info.state().name().toLowerCase(Locale.ROOT)
            });
        }
        String[] header = {"MIGRATION", "APPLIED", "TOOK", "STATE"};
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        line(table, widths);
        row(table, widths, header);
        line(table, widths);
        rows.forEach(row -> row(table, widths, row));
        line(table, widths);
        table.append(status.applied().size())
                .append(" applied, ")
                .append(status.pending().size())
                .append(" pending, ")
                .append(status.failed().size())
                .append(" failed, ")
                .append(status.unknown().size())
                .append(" unknown, ")
                .append(status.future().size())
                .append(" future. Lock ")
                .append(status.lock().type())
                .append(' ')
                .append(status.lock().key())
                .append(": ")
                .append(
                        status.lock().holder() == null
                                ? "free"
                                : "held by " + status.lock().holder().description())
                .append('\n');
        for (MigrationInfo failed : status.failed()) {
            table.append("failed: ")
                    .append(failed.id())
                    .append(": ")
                    .append(failed.failure())
                    .append('\n');
        }
        return table.toString();
    }

    private static String applied(@Nullable Instant at) {
        return at == null ? "no" : APPLIED_AT.format(at);
    }

    private static String duration(@Nullable Duration took) {
        return took == null ? "" : took.toMillis() + " ms";
    }

    private static void line(StringBuilder table, int[] widths) {
        for (int width : widths) {
            table.append('+').append("-".repeat(width + 2));
        }
        table.append("+\n");
    }

    private static void row(StringBuilder table, int[] widths, String[] cells) {
        for (int i = 0; i < widths.length; i++) {
            table.append("| ").append(cells[i]).append(" ".repeat(widths[i] - cells[i].length() + 1));
        }
        table.append("|\n");
    }
}
