package dev.migrate.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * W4: one ~50 MB migration of 200,000 INSERTs in a forked JVM with a small heap: migrate at
 * {@code -Xmx64m}, Flyway at {@code -Xmx128m} (and once at {@code -Xmx64m}, to show whether it
 * fits). Throughput is the script's size (and rows) over the in-process migrate call.
 */
final class LargeMigrationWorkload implements Workload {

    private static final Duration FORK_TIMEOUT = Duration.ofSeconds(300);
    private static final List<Tool> TOOLS = List.of(Tool.MIGRATE, Tool.FLYWAY);

    @Override
    public String id() {
        return "W4";
    }

    private static String heap(Tool tool) {
        return tool == Tool.MIGRATE ? "64m" : "128m";
    }

    @Override
    public WorkloadReport run(BenchmarkContext context) throws Exception {
        Map<Tool, List<Long>> callNanos = new EnumMap<>(Tool.class);
        Map<Tool, Integer> failures = new EnumMap<>(Tool.class);
        Map<Tool, String> failureText = new EnumMap<>(Tool.class);
        long scriptBytes = 0;
        for (int i = 0; i < context.iterations(); i++) {
            for (Tool tool : TOOLS) {
                Path dir = context.migrations("large", tool, Workloads.largeMigration());
                scriptBytes = sizeOf(dir);
                Attempt attempt = attempt(context, tool, dir, heap(tool), "w4-" + tool.argument() + "-" + i);
                if (context.measured(i)) {
                    if (attempt.ok()) {
                        callNanos.computeIfAbsent(tool, t -> new ArrayList<>()).add(attempt.callNanos());
                    } else {
                        failures.merge(tool, 1, Integer::sum);
                        failureText.put(tool, attempt.problem());
                    }
                }
                context.log("W4 " + (context.measured(i) ? "run" : "warm-up") + " " + tool.label() + " -Xmx"
                        + heap(tool) + ": "
                        + (attempt.ok()
                                ? Stats.fmt(attempt.callNanos() / 1e9, 2) + " s"
                                : "failed: " + attempt.problem()));
            }
        }
        Attempt flywaySmallHeap = attempt(
                context,
                Tool.FLYWAY,
                context.migrations("large", Tool.FLYWAY, Workloads.largeMigration()),
                "64m",
                "w4-flyway-64m");
        context.log(
                "W4 Flyway -Xmx64m: " + (flywaySmallHeap.ok() ? "succeeded" : "failed: " + flywaySmallHeap.problem()));

        double megabytes = scriptBytes / 1e6;
        MarkdownTable table = new MarkdownTable(
                "tool",
                "heap",
                "failed runs",
                "migrate call min / median / max (s)",
                "MB/s (median)",
                "rows/s (median)",
                "throughput migrate / tool (ratio of medians)");
        @Nullable
        Stats migrate =
                callNanos.containsKey(Tool.MIGRATE) ? Stats.ofNanosAsSeconds(callNanos.get(Tool.MIGRATE)) : null;
        for (Tool tool : TOOLS) {
            List<Long> values = callNanos.get(tool);
            if (values == null) {
                table.row(
                        tool.label(),
                        "-Xmx" + heap(tool),
                        String.valueOf(failures.getOrDefault(tool, 0)),
                        "all failed",
                        "",
                        "",
                        "");
                continue;
            }
            Stats stats = Stats.ofNanosAsSeconds(values);
            table.row(
                    tool.label(),
                    "-Xmx" + heap(tool),
                    String.valueOf(failures.getOrDefault(tool, 0)),
                    stats.format(2),
                    Stats.fmt(megabytes / stats.median(), 2),
                    Stats.fmt(Workloads.LARGE_ROWS / stats.median(), 0),
                    migrate == null ? "" : Workload.ratio(stats.median() / migrate.median()));
        }
        double throughputRatio = migrate == null || !callNanos.containsKey(Tool.FLYWAY)
                ? 0
                : Stats.ofNanosAsSeconds(callNanos.get(Tool.FLYWAY)).median() / migrate.median();
        boolean migrateOk = migrate != null && !failures.containsKey(Tool.MIGRATE);
        StringBuilder failed = new StringBuilder();
        failureText.forEach((tool, text) -> failed.append("- ")
                .append(tool.label())
                .append(": `")
                .append(text)
                .append("`\n"));
        String markdown = "### W4 one 50 MB migration (200,000 INSERTs) in a small heap\n\n"
                + "Script: " + Stats.fmt(megabytes, 1) + " MB, one `CREATE TABLE` and " + Workloads.LARGE_ROWS
                + " single-row INSERTs, one migration (one transaction). Forked JVM per run; timed: the in-process"
                + " migrate call; throughput = script size / median call time.\n\n"
                + table
                + "\nFlyway at -Xmx64m (one run): "
                + (flywaySmallHeap.ok()
                        ? "succeeded in " + Stats.fmt(flywaySmallHeap.callNanos() / 1e9, 2) + " s"
                        : "failed: `" + flywaySmallHeap.problem() + "`")
                + ".\n"
                + (failed.length() == 0 ? "" : "\nFailures:\n\n" + failed);
        List<TargetCheck> targets = List.of(
                new TargetCheck(
                        "W4",
                        "succeeds at -Xmx64m",
                        migrateOk ? "succeeded in every run" : failures.getOrDefault(Tool.MIGRATE, 0) + " runs failed",
                        migrateOk),
                new TargetCheck(
                        "W4",
                        "throughput ≥ 2× Flyway",
                        Workload.ratio(throughputRatio),
                        migrateOk && throughputRatio >= 2));
        return new WorkloadReport(id(), markdown, targets);
    }

    private static Attempt attempt(BenchmarkContext context, Tool tool, Path dir, String heap, String label)
            throws Exception {
        try (BenchDatabase db = context.server().createDatabase("w4_" + tool.argument())) {
            ForkedJvm.Result result = ForkedJvm.start(
                            List.of("-Xmx" + heap),
                            List.of(tool.argument(), db.url(), dir.toString(), "apply", "bench-w4"),
                            context.logDir(),
                            label)
                    .await(FORK_TIMEOUT);
            if (!result.succeeded()) {
                return new Attempt(false, 0, "exit " + result.exitCode() + ": " + firstError(result.stderrExcerpt()));
            }
            long rows = db.queryLong("select count(*) from " + Workloads.LARGE_TABLE);
            if (rows != Workloads.LARGE_ROWS) {
                return new Attempt(false, 0, rows + " rows instead of " + Workloads.LARGE_ROWS);
            }
            return new Attempt(true, result.nanos("call_nanos"), "");
        }
    }

    private static String firstError(String stderr) {
        for (String line : stderr.split("\n")) {
            if (line.contains("Error") || line.contains("Exception")) {
                String trimmed = line.strip();
                return trimmed.length() > 200 ? trimmed.substring(0, 200) + "…" : trimmed;
            }
        }
        return stderr.isBlank()
                ? "(no output)"
                : stderr.strip().lines().findFirst().orElse("");
    }

    private static long sizeOf(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path file : (Iterable<Path>) files::iterator) {
                total += Files.size(file);
            }
            return total;
        }
    }

    /** One forked run: whether it applied all rows, and its call time. */
    private record Attempt(boolean ok, long callNanos, String problem) {}
}
