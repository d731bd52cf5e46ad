package dev.migrate.cli;

import dev.migrate.LockHolder;
import dev.migrate.MigrationInfo;
import dev.migrate.StatusReport;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The status as a table a person reads, like {@code sql-migrate status} and the starter's exit mode. */
final class StatusTable {

    private static final DateTimeFormatter APPLIED_AT = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"MIGRATION", "APPLIED", "TOOK", "STATE"};

    private StatusTable() {}

    static String of(StatusReport status) {
        List<String[]> rows = new ArrayList<>();
        for (MigrationInfo info : status.migrations()) {
            Instant at = info.appliedAt();
            Duration took = info.executionTime();
            rows.add(new String[] {
                info.id(),
                at == null ? "no" : APPLIED_AT.format(at),
                took == null ? "" : took.toMillis() + " ms",
                info.state().name().toLowerCase(Locale.ROOT)
            });
        }
        int[] widths = new int[HEADER.length];
        for (int i = 0; i < HEADER.length; i++) {
            widths[i] = HEADER[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder table = new StringBuilder();
        rule(table, widths);
        row(table, widths, HEADER);
        rule(table, widths);
        for (String[] row : rows) {
            row(table, widths, row);
        }
        rule(table, widths);
        LockHolder holder = status.lock().holder();
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
                .append(holder == null ? "free" : "held by " + holder.description())
                .append('\n');
        for (MigrationInfo failed : status.failed()) {
            table.append("failed: ")
                    .append(failed.id())
                    .append(": ")
                    .append(failed.failure())
                    .append('\n');
        }
        for (MigrationInfo interrupted : status.interrupted()) {
            table.append("interrupted: ")
                    .append(interrupted.id())
                    .append(": ")
                    .append(interrupted.failure())
                    .append('\n');
        }
        return table.toString();
    }

    private static void rule(StringBuilder table, int[] widths) {
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
