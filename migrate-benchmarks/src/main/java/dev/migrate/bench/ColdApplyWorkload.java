package dev.migrate.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * W1: the 200 small migrations applied in-process to an empty database. Each run gets a fresh
 * database and a fresh pool; the time measured is the tool's configure-and-migrate call alone.
 * Tools take turns within each iteration so that background noise spreads over all of them. With
 * {@code --network-rtt-ms} (0.5 by default) the same rounds run once more through {@link
 * NetworkDelay}, the round trip a service pays to a database on another machine.
 */
final class ColdApplyWorkload implements Workload {

    @Override
    public String id() {
        return "W1";
    }

    @Override
    public WorkloadReport run(BenchmarkContext context) throws Exception {
        Applies loopback = applyInTurns(context, "", UnaryOperator.identity());
        MarkdownTable trips = new MarkdownTable("tool", "JDBC round trips", "what", "on the wire");
        for (Tool tool : Tool.values()) {
            trips.row(countRoundTrips(context, tool).toArray(String[]::new));
        }
        StringBuilder markdown =
                new StringBuilder("### W1 cold apply: 200 migrations into an empty database (in-process)\n\n"
                        + "Each migration creates a table and an index and inserts 10 rows (12 statements)."
                        + " Fresh database and HikariCP pool per run; timed: the tool's configure + migrate call."
                        + " The floor is what any tool must do: per file, its Up section and its history row's insert"
                        + " sent as one string in one transaction, then commit (two round trips; no parsing, checksum,"
                        + " lock or side table), on one connection; it runs first in every round.\n\n"
                        + loopback.table()
                        + "\nRound trips of one cold apply, counted in a forked JVM per tool (see W2 for how):\n\n"
                        + trips
                        + "\nSide effects checked after every run (200 tables, 2,000 rows, 200 history rows): "
                        + loopback.sideEffects()
                        + "\n");
        List<TargetCheck> targets = new ArrayList<>();
        // issue 21 item 4 (was ≤ 0.8× in issue 5)
        targets.add(new TargetCheck(
                "W1", "≤ 0.45× Flyway", Workload.ratio(loopback.vsFlyway()) + " Flyway", loopback.met()));
        double roundTripMillis = context.settings().networkRoundTripMillis();
        if (roundTripMillis > 0) {
            PostgresServer server = context.server();
            try (NetworkDelay network = NetworkDelay.start(
                    server.host(), server.port(), Duration.ofNanos(Math.round(roundTripMillis * 1e6)))) {
                String admin = server.url("postgres");
                Stats direct = NetworkDelay.selectOneMillis(admin, 200);
                Stats through = network.measuredRoundTripMillis(admin, 200);
                Applies across = applyInTurns(context, " (network)", network::url);
                markdown.append("\n#### W1 across a network: a round trip of ")
                        .append(Stats.fmt(through.median(), 2))
                        .append(" ms\n\n")
                        .append("The same rounds with every connection of the floor and the tools through a relay"
                                + " that holds each chunk of bytes for half of ")
                        .append(Stats.fmt(roundTripMillis, 2))
                        .append(" ms in each direction (`NetworkDelay`), as between a pod and its database on"
                                + " another machine; the server's work is the same. A `select 1` (min / median / max"
                                + " of 200, ms): ")
                        .append(direct.format(3))
                        .append(" on loopback, ")
                        .append(through.format(3))
                        .append(" through the relay (its threads' hand-over adds to the delay).\n\n")
                        .append(across.table())
                        .append("\nSide effects checked after every run: ")
                        .append(across.sideEffects())
                        .append('\n');
                targets.add(new TargetCheck(
                        "W1, " + Stats.fmt(through.median(), 2) + " ms round trip",
                        "≤ 0.45× Flyway",
                        Workload.ratio(across.vsFlyway()) + " Flyway",
                        across.met()));
            }
        }
        return new WorkloadReport(id(), markdown.toString(), targets);
    }

    /**
     * The warm-ups and measured runs: per round the floor, then each tool, each on a fresh database
     * reached through {@code route} (a URL to the URL the pool uses).
     */
    private static Applies applyInTurns(BenchmarkContext context, String label, UnaryOperator<String> route)
            throws Exception {
        Map<Tool, List<Long>> nanos = new EnumMap<>(Tool.class);
        List<Long> floorNanos = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < context.iterations(); i++) {
            String round = "W1" + label + " " + (context.measured(i) ? "run" : "warm-up") + " ";
            // the floor first, then the tools: its place in the round stays the same
            Path floorDir = context.migrations("small", Tool.MIGRATE, Workloads.smallMigrations());
            try (BenchDatabase db = context.server().createDatabase("w1_floor")) {
                long elapsed;
                try (HikariDataSource pool = BenchDatabase.pool(route.apply(db.url()), "bench-w1")) {
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
                context.log(round + "floor: " + Stats.fmt(elapsed / 1e9, 2) + " s");
            }
            for (Tool tool : Tool.values()) {
                ToolRunner runner = tool.runner();
                Path dir = context.migrations("small", tool, Workloads.smallMigrations());
                try (BenchDatabase db = context.server().createDatabase("w1_" + tool.argument())) {
                    long elapsed;
                    try (HikariDataSource pool = BenchDatabase.pool(route.apply(db.url()), "bench-w1")) {
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
                    context.log(round + tool.label() + ": " + Stats.fmt(elapsed / 1e9, 2) + " s");
                }
            }
        }
        return new Applies(nanos, floorNanos, problems);
    }

    /** The measured times of one set of rounds, and what the checks after each run found. */
    private record Applies(Map<Tool, List<Long>> nanos, List<Long> floorNanos, List<String> problems) {

        Stats of(Tool tool) {
            return Stats.ofNanosAsSeconds(nanos.get(tool));
        }

        double vsFlyway() {
            return of(Tool.MIGRATE).medianRatio(of(Tool.FLYWAY));
        }

        boolean met() {
            return vsFlyway() <= 0.45 && problems.isEmpty();
        }

        String sideEffects() {
            return problems.isEmpty() ? "all correct." : "**problems**: " + String.join("; ", problems);
        }

        MarkdownTable table() {
            Stats migrate = of(Tool.MIGRATE);
            Stats floor = Stats.ofNanosAsSeconds(floorNanos);
            MarkdownTable table = new MarkdownTable(
                    "tool", "min / median / max (s)", "migrate / tool (ratio of medians)", "tool / floor");
            table.row("floor (see above)", floor.format(2), Workload.ratio(migrate.medianRatio(floor)), "1.00×");
            for (Tool tool : Tool.values()) {
                Stats stats = of(tool);
                table.row(
                        tool.label(),
                        stats.format(2),
                        Workload.ratio(migrate.medianRatio(stats)),
                        Workload.ratio(stats.medianRatio(floor)));
            }
            return table;
        }
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
