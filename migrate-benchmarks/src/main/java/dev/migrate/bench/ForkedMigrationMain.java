package dev.migrate.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

/**
 * The small program a forked JVM runs: starts a connection pool as an application would, then runs
 * one tool's migrate call and prints {@code key=value} lines for the parent.
 *
 * <pre>
 * ForkedMigrationMain TOOL JDBC_URL DIR apply NAME   one call; prints call_nanos
 * ForkedMigrationMain TOOL JDBC_URL DIR twice NAME   two calls of one configured tool; prints
 *                                                    call_nanos and second_call_nanos
 * ForkedMigrationMain TOOL JDBC_URL DIR count NAME   two calls of one configured tool; prints
 *                                                    round trips of each
 * ForkedMigrationMain TOOL JDBC_URL DIR connect NAME only the pool and one {@code select 1}: the
 *                                                    floor of a JVM that starts and connects
 * ForkedMigrationMain TOOL JDBC_URL DIR new NAME     one call, then a newly configured tool's call:
 *                                                    prints call_nanos and second_call_nanos
 * ForkedMigrationMain TOOL JDBC_URL DIR floor NAME   what any tool must do for a no-op boot ({@link
 *                                                    NoOpFloor}), twice: call_nanos, second_call_nanos
 * </pre>
 */
public final class ForkedMigrationMain {

    private ForkedMigrationMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println(
                    "usage: ForkedMigrationMain TOOL JDBC_URL DIR apply|twice|new|floor|count|connect APPLICATION_NAME");
            System.exit(2);
        }
        QuietLogging.apply();
        ToolRunner runner = Tool.parse(args[0]).runner();
        Path dir = Path.of(args[2]);
        // Started before every clock below, as an application starts its pool; its own time is printed
        // for W2's second floor (the issue's), which includes connecting.
        long poolStart = System.nanoTime();
        try (HikariDataSource pool = BenchDatabase.pool(args[1], args[4])) {
            System.out.println("pool_nanos=" + (System.nanoTime() - poolStart));
            switch (args[3]) {
                case "apply" -> apply(runner, pool, dir);
                case "twice" -> {
                    // One configured tool for both calls, as a service's bean is called again.
                    ToolRunner.Configured tool = apply(runner, pool, dir);
                    long start = System.nanoTime();
                    tool.migrate();
                    System.out.println("second_call_nanos=" + (System.nanoTime() - start));
                }
                case "new" -> {
                    // A newly configured tool in a JVM that has run one: what each new Migrator pays.
                    apply(runner, pool, dir);
                    long start = System.nanoTime();
                    runner.configure(pool, dir).migrate();
                    System.out.println("second_call_nanos=" + (System.nanoTime() - start));
                }
                case "floor" -> {
                    long start = System.nanoTime();
                    NoOpFloor.check(pool, dir);
                    System.out.println("call_nanos=" + (System.nanoTime() - start));
                    start = System.nanoTime();
                    NoOpFloor.check(pool, dir);
                    System.out.println("second_call_nanos=" + (System.nanoTime() - start));
                }
                case "count" -> count(runner, pool, dir);
                case "connect" -> connect(pool);
                default -> throw new IllegalArgumentException("unknown mode " + args[3]);
            }
        }
        System.out.println("status=ok");
    }

    /** Times configuring the tool and its first call; returns the configured tool. */
    private static ToolRunner.Configured apply(ToolRunner runner, HikariDataSource pool, Path dir) throws Exception {
        long start = System.nanoTime();
        ToolRunner.Configured tool = runner.configure(pool, dir);
        tool.migrate();
        System.out.println("call_nanos=" + (System.nanoTime() - start));
        return tool;
    }

    private static void connect(HikariDataSource pool) throws Exception {
        long start = System.nanoTime();
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("select 1");
        }
        System.out.println("call_nanos=" + (System.nanoTime() - start));
    }

    private static void count(ToolRunner runner, HikariDataSource pool, Path dir) throws Exception {
        RoundTripCountingDataSource counting = new RoundTripCountingDataSource(pool);
        try (WireRoundTripCounter wire = WireRoundTripCounter.install()) {
            ToolRunner.Configured tool = runner.configure(counting.dataSource(), dir);
            for (int call = 1; call <= 2; call++) {
                counting.reset();
                wire.reset();
                tool.migrate();
                System.out.println("call" + call + "_jdbc_round_trips=" + counting.roundTrips());
                System.out.println("call" + call + "_jdbc_breakdown=" + counting.breakdown());
                System.out.println("call" + call + "_wire_round_trips=" + wire.roundTrips());
                System.out.println("call" + call + "_wire_connects=" + wire.connects());
                List<String> calls = counting.calls();
                for (int i = 0; i < calls.size(); i++) {
                    System.out.println("call" + call + "_sql." + (i + 1) + "=" + calls.get(i));
                }
                System.out.println("call" + call + "_sql_count=" + calls.size());
            }
        }
    }
}
