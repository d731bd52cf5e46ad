package dev.migrate.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * W2: the no-op boot, with the 200 migrations already applied. (a) A fresh JVM per run starts a
 * pool and calls the tool once: both the whole process and the in-process call are timed. (b)
 * Another fresh JVM per run configures the tool once and calls it twice: the second call is timed,
 * as the issue defines it. (c) In this long-running JVM, one configured tool per tool, after a
 * first call, further calls are timed. (d) One more fresh JVM per tool counts the round trips of
 * the first and second call of one configured tool (JDBC proxy and the driver's wire log). The
 * configured tool is reused as a service reuses its bean: the starter's health indicator and
 * endpoint call the same Migrator the boot ran.
 */
final class NoOpBootWorkload implements Workload {

    private static final Duration FORK_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public String id() {
        return "W2";
    }

    @Override
    public WorkloadReport run(BenchmarkContext context) throws Exception {
        Map<Tool, BenchDatabase> databases = new EnumMap<>(Tool.class);
        Map<Tool, Path> dirs = new EnumMap<>(Tool.class);
        try {
            for (Tool tool : Tool.values()) {
                Path dir = context.migrations("small", tool, Workloads.smallMigrations());
                BenchDatabase db = context.server().createDatabase("w2_" + tool.argument());
                databases.put(tool, db);
                dirs.put(tool, dir);
                try (HikariDataSource pool = BenchDatabase.pool(db.url(), "bench-w2-setup")) {
                    tool.runner().migrate(pool, dir);
                }
                String problem = db.checkSmallMigrations(tool.runner());
                if (problem != null) {
                    throw new IllegalStateException("W2 setup for " + tool.label() + ": " + problem);
                }
            }
            Map<Tool, List<Long>> processNanos = new EnumMap<>(Tool.class);
            Map<Tool, List<Long>> firstCallNanos = new EnumMap<>(Tool.class);
            Map<Tool, List<Long>> secondCallNanos = new EnumMap<>(Tool.class);
            for (int i = 0; i < context.iterations(); i++) {
                for (Tool tool : Tool.values()) {
                    BenchDatabase db = databases.get(tool);
                    Path dir = dirs.get(tool);
                    ForkedJvm.Result once =
                            fork(context, tool, db, dir, "apply", "w2-" + tool.argument() + "-" + i, "fresh JVM");
                    ForkedJvm.Result twice = fork(
                            context, tool, db, dir, "twice", "w2-twice-" + tool.argument() + "-" + i, "second call");
                    if (context.measured(i)) {
                        add(processNanos, tool, once.wallNanos());
                        add(firstCallNanos, tool, once.nanos("call_nanos"));
                        add(secondCallNanos, tool, twice.nanos("second_call_nanos"));
                    }
                    context.log("W2 fresh JVM " + tool.label() + ": process " + Stats.fmt(once.wallNanos() / 1e9, 2)
                            + " s, call " + Stats.fmt(once.nanos("call_nanos") / 1e9, 3) + " s; second call "
                            + Stats.fmt(twice.nanos("second_call_nanos") / 1e6, 1) + " ms");
                }
            }
            Map<Tool, List<Long>> laterCallNanos = laterCalls(context, databases, dirs);
            Map<Tool, ForkedJvm.Result> counts = new EnumMap<>(Tool.class);
            for (Tool tool : Tool.values()) {
                counts.put(
                        tool,
                        fork(
                                context,
                                tool,
                                databases.get(tool),
                                dirs.get(tool),
                                "count",
                                "w2-count-" + tool.argument(),
                                "count"));
            }
            WorkloadReport peers = report(processNanos, firstCallNanos, secondCallNanos, laterCallNanos, counts);
            WorkloadReport floor = NoOpFloorComparison.run(context);
            List<TargetCheck> targets = new ArrayList<>(peers.targets());
            targets.addAll(floor.targets());
            return new WorkloadReport("W2", peers.markdown() + "\n" + floor.markdown(), targets);
        } finally {
            for (BenchDatabase db : databases.values()) {
                db.close();
            }
        }
    }

    /**
     * Runs a fresh JVM ({@code apply}: time one call; {@code twice}: time two; {@code count}: count
     * the round trips of two, under the application name {@code bench-w2-count}) and fails the
     * workload if it fails.
     */
    private static ForkedJvm.Result fork(
            BenchmarkContext context, Tool tool, BenchDatabase db, Path dir, String mode, String label, String what)
            throws Exception {
        ForkedJvm.Result result = ForkedJvm.start(
                        List.of(),
                        List.of(
                                tool.argument(),
                                db.url(),
                                dir.toString(),
                                mode,
                                mode.equals("count") ? "bench-w2-count" : "bench-w2"),
                        context.logDir(),
                        label)
                .await(FORK_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException(
                    "W2 " + what + " for " + tool.label() + " failed: " + result.stderrExcerpt());
        }
        return result;
    }

    private static void add(Map<Tool, List<Long>> samples, Tool tool, long nanos) {
        samples.computeIfAbsent(tool, t -> new ArrayList<>()).add(nanos);
    }

    /** (c): calls after the first in this long-running JVM, the tools taking turns. */
    private static Map<Tool, List<Long>> laterCalls(
            BenchmarkContext context, Map<Tool, BenchDatabase> databases, Map<Tool, Path> dirs) throws Exception {
        Map<Tool, HikariDataSource> pools = new EnumMap<>(Tool.class);
        Map<Tool, ToolRunner.Configured> configured = new EnumMap<>(Tool.class);
        Map<Tool, List<Long>> nanos = new EnumMap<>(Tool.class);
        try {
            for (Tool tool : Tool.values()) {
                HikariDataSource pool = BenchDatabase.pool(databases.get(tool).url(), "bench-w2-same-jvm");
                pools.put(tool, pool);
                ToolRunner.Configured once = tool.runner().configure(pool, dirs.get(tool));
                configured.put(tool, once);
                once.migrate();
            }
            for (int i = 0; i < context.iterations(); i++) {
                for (Tool tool : Tool.values()) {
                    long start = System.nanoTime();
                    configured.get(tool).migrate();
                    long elapsed = System.nanoTime() - start;
                    if (context.measured(i)) {
                        add(nanos, tool, elapsed);
                    }
                }
            }
        } finally {
            pools.values().forEach(HikariDataSource::close);
        }
        context.log("W2 same-JVM calls done");
        return nanos;
    }

    private static Stats millis(Stats seconds) {
        return new Stats(seconds.values().stream().map(s -> s * 1000).toList());
    }

    private static WorkloadReport report(
            Map<Tool, List<Long>> processNanos,
            Map<Tool, List<Long>> firstCallNanos,
            Map<Tool, List<Long>> secondCallNanos,
            Map<Tool, List<Long>> laterCallNanos,
            Map<Tool, ForkedJvm.Result> counts) {
        Stats migrateProcess = Stats.ofNanosAsSeconds(processNanos.get(Tool.MIGRATE));
        Stats migrateFirst = Stats.ofNanosAsSeconds(firstCallNanos.get(Tool.MIGRATE));
        Stats migrateSecond = Stats.ofNanosAsSeconds(secondCallNanos.get(Tool.MIGRATE));
        Stats migrateLater = Stats.ofNanosAsSeconds(laterCallNanos.get(Tool.MIGRATE));
        MarkdownTable times = new MarkdownTable(
                "tool",
                "(a) fresh JVM, whole process (s)",
                "ratio",
                "(a) fresh JVM, first call (s)",
                "ratio",
                "(b) fresh JVM, second call (ms)",
                "ratio",
                "(c) long-running JVM, later calls (ms)",
                "ratio");
        for (Tool tool : Tool.values()) {
            Stats process = Stats.ofNanosAsSeconds(processNanos.get(tool));
            Stats first = Stats.ofNanosAsSeconds(firstCallNanos.get(tool));
            Stats second = Stats.ofNanosAsSeconds(secondCallNanos.get(tool));
            Stats later = Stats.ofNanosAsSeconds(laterCallNanos.get(tool));
            times.row(
                    tool.label(),
                    process.format(2),
                    Workload.ratio(migrateProcess.medianRatio(process)),
                    first.format(3),
                    Workload.ratio(migrateFirst.medianRatio(first)),
                    millis(second).format(1),
                    Workload.ratio(migrateSecond.medianRatio(second)),
                    millis(later).format(1),
                    Workload.ratio(migrateLater.medianRatio(later)));
        }
        MarkdownTable trips = new MarkdownTable(
                "tool",
                "first call: JDBC round trips",
                "first call: what",
                "first call: on the wire",
                "second call: JDBC round trips",
                "second call: on the wire");
        for (Tool tool : Tool.values()) {
            ForkedJvm.Result result = counts.get(tool);
            trips.row(
                    tool.label(),
                    result.values().get("call1_jdbc_round_trips"),
                    result.values().get("call1_jdbc_breakdown"),
                    result.values().get("call1_wire_round_trips") + " ("
                            + result.values().get("call1_wire_connects") + " new connections)",
                    result.values().get("call2_jdbc_round_trips"),
                    result.values().get("call2_wire_round_trips"));
        }
        ForkedJvm.Result migrateCount = counts.get(Tool.MIGRATE);
        StringBuilder migrateCalls = new StringBuilder();
        int sqlCount = Integer.parseInt(migrateCount.values().getOrDefault("call1_sql_count", "0"));
        for (int i = 1; i <= sqlCount; i++) {
            migrateCalls
                    .append(i)
                    .append(". `")
                    .append(migrateCount.values().get("call1_sql." + i))
                    .append("`\n");
        }
        double freshVsFlyway = migrateFirst.medianRatio(Stats.ofNanosAsSeconds(firstCallNanos.get(Tool.FLYWAY)));
        double processVsFlyway = migrateProcess.medianRatio(Stats.ofNanosAsSeconds(processNanos.get(Tool.FLYWAY)));
        double secondVsFlyway = migrateSecond.medianRatio(Stats.ofNanosAsSeconds(secondCallNanos.get(Tool.FLYWAY)));
        double laterVsFlyway = migrateLater.medianRatio(Stats.ofNanosAsSeconds(laterCallNanos.get(Tool.FLYWAY)));
        long migrateTrips = Long.parseLong(migrateCount.values().get("call1_jdbc_round_trips"));
        String markdown = "### W2 no-op boot: the 200 migrations already applied\n\n"
                + "(a) a fresh JVM per run (`java -cp … ForkedMigrationMain`): HikariCP pool, one tool call;"
                + " timed both as the whole process and as the call alone. (b) another fresh JVM per run makes"
                + " two calls of one configured tool (the same Migrator, the same `Flyway` object, Liquibase's"
                + " resource accessor and command settings), as a service calls its bean again; the second is timed: the issue's \"second"
                + " call in the same JVM\", what a health check pays just after boot. (c) in"
                + " the long-running harness JVM (which ran the workloads before), one configured tool each, after a"
                + " first call and the warm-up calls: each further call, the tools taking turns. Ratios: migrate's median over the"
                + " tool's median.\n\n"
                + times
                + "\nRound trips to the server, counted in one more fresh JVM per tool. *JDBC round trips*: statement"
                + " executions, metadata queries, commit/rollback and server-bound session calls through a"
                + " counting DataSource proxy; *on the wire*: the PostgreSQL driver's protocol log"
                + " (Sync/Query/start-up messages of the whole JVM, including the pool's own checks).\n\n"
                + trips
                + "\nmigrate's first no-op call sent:\n\n"
                + migrateCalls;
        List<TargetCheck> targets = List.of(
                new TargetCheck(
                        "W2",
                        "fresh JVM ≤ 0.5× Flyway",
                        Workload.ratio(freshVsFlyway) + " (call); whole process " + Workload.ratio(processVsFlyway),
                        freshVsFlyway <= 0.5),
                new TargetCheck(
                        "W2",
                        "second call ≤ 0.1× Flyway",
                        Workload.ratio(secondVsFlyway) + " (fresh JVM's second call); later calls in a"
                                + " long-running JVM " + Workload.ratio(laterVsFlyway),
                        secondVsFlyway <= 0.1),
                new TargetCheck("W2", "≤ 3 round trips", migrateTrips + " (JDBC)", migrateTrips <= 3));
        return new WorkloadReport("W2", markdown, targets);
    }
}
