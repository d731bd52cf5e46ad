package dev.migrate.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * W5: process A (a forked JVM) runs a migration whose first statement sleeps 20 s on the server;
 * once pg_stat_activity shows that statement, A gets {@code kill -9} and process B starts at once.
 * Polling pg_stat_activity every 20 ms measures when B's own statement starts, relative to the
 * kill, and whether A's orphaned statement was still running on the server at that moment.
 */
final class KilledHolderWorkload implements Workload {

    private static final List<Tool> TOOLS = List.of(Tool.MIGRATE, Tool.FLYWAY);
    private static final Duration WAIT_LIMIT = Duration.ofSeconds(60);
    private static final Duration ORPHAN_WATCH = Duration.ofSeconds(Workloads.SLEEP_SECONDS + 5);
    private static final long POLL_MILLIS = 20;

    @Override
    public String id() {
        return "W5";
    }

    @Override
    public WorkloadReport run(BenchmarkContext context) throws Exception {
        Map<Tool, List<Observation>> observations = new EnumMap<>(Tool.class);
        for (int i = 0; i < context.iterations(); i++) {
            for (Tool tool : TOOLS) {
                // Follow the orphan to its end in the first measured run only: that takes ~20 s.
                boolean watchOrphan = i == context.settings().warmups();
                Observation seen = observe(context, tool, watchOrphan, "w5-" + tool.argument() + "-" + i);
                if (context.measured(i)) {
                    observations.computeIfAbsent(tool, t -> new ArrayList<>()).add(seen);
                }
                context.log("W5 " + (context.measured(i) ? "run" : "warm-up") + " " + tool.label() + ": " + seen);
            }
        }
        MarkdownTable table = new MarkdownTable(
                "tool",
                "B's statement starts after the kill: min / median / max (s)",
                "runs where B started while A's statement still ran",
                "A's orphaned statement ended after the kill (s, first measured run)",
                "runs where B never started");
        List<TargetCheck> targets = new ArrayList<>();
        for (Tool tool : TOOLS) {
            List<Observation> list = observations.get(tool);
            List<Double> starts = list.stream()
                    .filter(o -> o.bStartSeconds() != null)
                    .map(Observation::bStartSeconds)
                    .toList();
            long overlapping = list.stream().filter(Observation::overlapped).count();
            long neverStarted = list.size() - starts.size();
            Double orphanEnd = list.get(0).aEndSeconds();
            table.row(
                    tool.label(),
                    starts.isEmpty() ? "never" : new Stats(starts).format(2),
                    overlapping + " of " + list.size(),
                    orphanEnd == null
                            ? "still running after " + ORPHAN_WATCH.toSeconds() + " s"
                            : Stats.fmt(orphanEnd, 2),
                    String.valueOf(neverStarted));
            if (tool == Tool.MIGRATE) {
                boolean within = neverStarted == 0 && !starts.isEmpty() && new Stats(starts).max() <= 5;
                targets.add(new TargetCheck(
                        "W5",
                        "B proceeds within 5 s of the kill",
                        starts.isEmpty() ? "never" : "max " + Stats.fmt(new Stats(starts).max(), 2) + " s",
                        within));
                targets.add(new TargetCheck(
                        "W5",
                        "never while A's statement still runs",
                        overlapping + " of " + list.size() + " runs overlapped",
                        overlapping == 0));
            }
        }
        String markdown = "### W5 kill -9 of the lock holder during a 20 s statement\n\n"
                + "A and B are fresh JVMs (HikariCP + one migrate call) on a one-migration folder whose first"
                + " statement is `SELECT pg_sleep(20)`. pg_stat_activity is polled every " + POLL_MILLIS
                + " ms; B's start is the first sight of B's own sleep statement, so it includes B's JVM start-up"
                + " (about a second).\n\n"
                + table;
        return new WorkloadReport(id(), markdown, targets);
    }

    private Observation observe(BenchmarkContext context, Tool tool, boolean watchOrphan, String label)
            throws Exception {
        Path dir = context.migrations("sleep", tool, Workloads.sleepingMigration());
        try (BenchDatabase db = context.server().createDatabase("w5_" + tool.argument());
                Connection monitor = context.server().admin()) {
            List<String> args = List.of(tool.argument(), db.url(), dir.toString(), "apply", "bench-w5");
            ForkedJvm a = ForkedJvm.start(List.of(), args, context.logDir(), label + "-a");
            ForkedJvm b = null;
            try {
                Integer aPid = null;
                long deadline = System.nanoTime() + WAIT_LIMIT.toNanos();
                while (aPid == null && System.nanoTime() < deadline && a.isAlive()) {
                    Set<Integer> running = sleepingBackends(monitor, db.name());
                    aPid = running.isEmpty() ? null : running.iterator().next();
                    if (aPid == null) {
                        Thread.sleep(POLL_MILLIS);
                    }
                }
                if (aPid == null) {
                    throw new IllegalStateException("A's sleep statement never showed for " + tool.label());
                }
                long killed = System.nanoTime();
                a.kill();
                b = ForkedJvm.start(List.of(), args, context.logDir(), label + "-b");
                Double bStart = null;
                Double aEnd = null;
                boolean overlapped = false;
                long bDeadline = killed + WAIT_LIMIT.toNanos();
                long orphanDeadline = killed + ORPHAN_WATCH.toNanos();
                while (true) {
                    long now = System.nanoTime();
                    Set<Integer> running = sleepingBackends(monitor, db.name());
                    double sinceKill = (now - killed) / 1e9;
                    boolean aRunning = running.contains(aPid);
                    if (!aRunning && aEnd == null) {
                        aEnd = sinceKill;
                    }
                    if (bStart == null && hasOther(running, aPid)) {
                        bStart = sinceKill;
                        overlapped = aRunning;
                    }
                    boolean bDone = bStart != null || now > bDeadline || !b.isAlive();
                    boolean aDone = aEnd != null || !watchOrphan || now > orphanDeadline;
                    if (bDone && aDone) {
                        break;
                    }
                    Thread.sleep(POLL_MILLIS);
                }
                return new Observation(bStart, overlapped, aEnd);
            } finally {
                a.kill();
                if (b != null) {
                    b.kill();
                }
                terminateSessions(monitor, db.name());
            }
        }
    }

    private static boolean hasOther(Set<Integer> running, int aPid) {
        return running.stream().anyMatch(pid -> pid != aPid);
    }

    /** Backends of {@code database} now running the sleep statement. */
    private static Set<Integer> sleepingBackends(Connection monitor, String database) throws SQLException {
        Set<Integer> pids = new HashSet<>();
        try (PreparedStatement statement = monitor.prepareStatement("select pid from pg_stat_activity"
                + " where datname = ? and state = 'active' and pid <> pg_backend_pid() and query like ?")) {
            statement.setString(1, database);
            statement.setString(2, "%" + Workloads.sleepStatementText() + "%");
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
            }
        }
        return pids;
    }

    private static void terminateSessions(Connection monitor, String database) throws SQLException {
        try (Statement statement = monitor.createStatement()) {
            statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                    + "' and pid <> pg_backend_pid()");
        }
    }

    /**
     * One run: seconds from the kill to B's statement (null if it never came), whether A's statement
     * was still running then, and seconds from the kill to the end of A's statement (null if unseen).
     */
    private record Observation(
            @Nullable Double bStartSeconds,
            boolean overlapped,
            @Nullable Double aEndSeconds) {

        @Override
        public String toString() {
            return "B started " + (bStartSeconds == null ? "never" : Stats.fmt(bStartSeconds, 2) + " s")
                    + " after the kill"
                    + (overlapped ? " WHILE A's statement still ran" : "") + "; A's statement ended "
                    + (aEndSeconds == null ? "(not seen)" : Stats.fmt(aEndSeconds, 2) + " s") + " after the kill";
        }
    }
}
