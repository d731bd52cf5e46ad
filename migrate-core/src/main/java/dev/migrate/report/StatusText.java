package dev.migrate.report;

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
import org.jspecify.annotations.Nullable;

/**
 * The status as a table a person reads, like the Go tool's {@code sql-migrate status}: one row
 * per migration (id, when applied in UTC, how long it took, state), then the counts and the lock,
 * then one line per failed or interrupted migration with its failure.
 */
public final class StatusText {

    private static final DateTimeFormatter APPLIED_AT = DateTimeFormatter.ofPattern(
                    "yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final String[] HEADER = {"MIGRATION", "APPLIED", "TOOK", "STATE"};

    private StatusText() {}

    /** The table, each line ended by {@code \n}. */
    public static String of(StatusReport status) {
        List<String[]> rows = new ArrayList<>();
        for (MigrationInfo info : status.migrations()) {
            rows.add(new String[] {
                info.id(),
                applied(info.appliedAt()),
                took(info.executionTime()),
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
        rows.forEach(row -> row(table, widths, row));
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
                .append(status.lock().type().value())
                .append(' ')
                .append(status.lock().key())
                .append(": ")
                .append(holder == null ? "free" : "held by " + holder.description())
                .append('\n');
        failures(table, "failed: ", status.failed());
        failures(table, "interrupted: ", status.interrupted());
        return table.toString();
    }

    private static String applied(@Nullable Instant at) {
        return at == null ? "no" : APPLIED_AT.format(at);
    }

    private static String took(@Nullable Duration took) {
        return took == null ? "" : took.toMillis() + " ms";
    }

    private static void failures(StringBuilder table, String label, List<MigrationInfo> migrations) {
        for (MigrationInfo info : migrations) {
            table.append(label)
                    .append(info.id())
                    .append(": ")
                    .append(info.failure())
                    .append('\n');
        }
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
