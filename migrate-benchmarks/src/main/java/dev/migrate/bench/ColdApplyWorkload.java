package dev.migrate.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * W1: the 200 small migrations applied in-process to an empty database. Each run gets a fresh
 * database and a fresh pool; the time measured is the tool's configure-and-migrate call alone.
 * Tools take turns within each iteration so that background noise spreads over all of them.
 */
final class ColdApplyWorkload implements Workload {

    @Override
    public String id() {
        return "W1";
    }

    @Override
    public WorkloadReport run(BenchmarkContext context) throws Exception {
        Map<Tool, List<Long>> nanos = new EnumMap<>(Tool.class);
        List<Long> floorNanos = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < context.iterations(); i++) {
            // the floor first, then the tools: its place in the round stays the same
            Path floorDir = context.migrations("small", Tool.MIGRATE, Workloads.smallMigrations());
            try (BenchDatabase db = context.server().createDatabase("w1_floor")) {
                long elapsed;
                try (HikariDataSource pool = BenchDatabase.pool(db.url(), "bench-w1")) {
                    long start = System.nanoTime();
                    ColdApplyFloor.apply(pool, floorDir);
                    elapsed = System.nanoTime() - start;
                }
                String problem = db.checkSmallMigrations(Tool.MIGRATE.runner());
                if (problem != null) {
                    problems.add("floor: " + problem);
                }
                if (context.measured(i)) {
                    floorNanos.add(elapsed);
                }
                context.log("W1 " + (context.measured(i) ? "run" : "warm-up") + " floor: " + Stats.fmt(elapsed / 1e9, 2)
                        + " s");
            }
            for (Tool tool : Tool.values()) {
                ToolRunner runner = tool.runner();
                Path dir = context.migrations("small", tool, Workloads.smallMigrations());
                try (BenchDatabase db = context.server().createDatabase("w1_" + tool.argument())) {
                    long elapsed;
                    try (HikariDataSource pool = BenchDatabase.pool(db.url(), "bench-w1")) {
                        long start = System.nanoTime();
                        runner.migrate(pool, dir);
                        elapsed = System.nanoTime() - start;
                    }
                    String problem = db.checkSmallMigrations(runner);
                    if (problem != null) {
                        problems.add(tool.label() + ": " + problem);
                    }
                    if (context.measured(i)) {
                        nanos.computeIfAbsent(tool, t -> new ArrayList<>()).add(elapsed);
                    }
                    context.log("W1 " + (context.measured(i) ? "run" : "warm-up") + " " + tool.label() + ": "
                            + Stats.fmt(elapsed / 1e9, 2) + " s");
                }
            }
        }
        MarkdownTable trips = new MarkdownTable("tool", "JDBC round trips", "what", "on the wire");
        for (Tool tool : Tool.values()) {
            trips.row(countRoundTrips(context, tool).toArray(String[]::new));
        }
        Stats migrate = Stats.ofNanosAsSeconds(nanos.get(Tool.MIGRATE));
        Stats floor = Stats.ofNanosAsSeconds(floorNanos);
        MarkdownTable table = new MarkdownTable(
                "tool", "min / median / max (s)", "migrate / tool (ratio of medians)", "tool / floor");
        table.row("floor (see below)", floor.format(2), Workload.ratio(migrate.medianRatio(floor)), "1.00×");
        for (Tool tool : Tool.values()) {
            Stats stats = Stats.ofNanosAsSeconds(nanos.get(tool));
            table.row(
                    tool.label(),
                    stats.format(2),
                    Workload.ratio(migrate.medianRatio(stats)),
                    Workload.ratio(stats.medianRatio(floor)));
        }
        double vsFlyway = migrate.medianRatio(Stats.ofNanosAsSeconds(nanos.get(Tool.FLYWAY)));
        String markdown = "### W1 cold apply: 200 migrations into an empty database (in-process)\n\n"
                + "Each migration creates a table and an index and inserts 10 rows (12 statements)."
                + " Fresh database and HikariCP pool per run; timed: the tool's configure + migrate call."
                + " The floor is what any tool must do: per file, its Up section and its history row's insert"
                + " sent as one string in one transaction, then commit (two round trips; no parsing, checksum,"
                + " lock or side table), on one connection; it runs first in every round.\n\n"
                + table
                + "\nRound trips of one cold apply, counted in a forked JVM per tool (see W2 for how):\n\n"
                + trips
                + "\nSide effects checked after every run (200 tables, 2,000 rows, 200 history rows): "
                + (problems.isEmpty() ? "all correct." : "**problems**: " + String.join("; ", problems))
                + "\n";
        // issue 21 item 4 (was ≤ 0.8× in issue 5)
        TargetCheck target = new TargetCheck(
                "W1", "≤ 0.45× Flyway", Workload.ratio(vsFlyway) + " Flyway", vsFlyway <= 0.45 && problems.isEmpty());
        return new WorkloadReport(id(), markdown, List.of(target));
    }

    /** Applies the 200 migrations once more in a forked JVM that counts round trips. */
    private static List<String> countRoundTrips(BenchmarkContext context, Tool tool) throws Exception {
        Path dir = context.migrations("small", tool, Workloads.smallMigrations());
        try (BenchDatabase db = context.server().createDatabase("w1_count_" + tool.argument())) {
            ForkedJvm.Result result = ForkedJvm.start(
                            List.of(),
                            List.of(tool.argument(), db.url(), dir.toString(), "count", "bench-w1-count"),
                            context.logDir(),
                            "w1-count-" + tool.argument())
                    .await(Duration.ofSeconds(180));
            if (!result.succeeded()) {
                throw new IllegalStateException("W1 count for " + tool.label() + " failed: " + result.stderrExcerpt());
            }
            return List.of(
                    tool.label(),
                    result.values().get("call1_jdbc_round_trips"),
                    result.values().get("call1_jdbc_breakdown"),
                    result.values().get("call1_wire_round_trips"));
        }
    }
}
