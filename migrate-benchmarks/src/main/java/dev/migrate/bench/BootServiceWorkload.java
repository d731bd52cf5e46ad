package dev.migrate.bench;

import com.zaxxer.hikari.HikariDataSource;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * W7: the same small Spring Boot 4 service ({@code dev.migrate.bench.service}: Spring MVC,
 * Actuator, JDBC on PostgreSQL) started four ways: without a migration tool, with migrate's
 * starter, with {@code spring-boot-starter-flyway} and with {@code spring-boot-starter-liquibase},
 * each on the 200 small migrations in its own format, and a fifth time without a tool but with one
 * {@code select 1} at start (the connection floor). Cold (a fresh database: the service applies
 * the 200) and no-op (the 200 already applied). Timed: from the JVM's start to {@code
 * ApplicationReadyEvent}, as the service itself reports it (its uptime at the event). Every
 * iteration runs the ten (variant, cold/no-op) starts in a new random order.
 *
 * <p>The class paths are one set of jars ({@code lib/} and {@code w7-lib/} beside the
 * benchmark jar, resolved by Maven) less the jars of the tools a variant does not use.
 */
final class BootServiceWorkload implements Workload {

    private static final Duration FORK_TIMEOUT = Duration.ofMinutes(10);
    private static final String SERVICE_MAIN = "dev.migrate.bench.service.BootServiceMain";

    /** The service's four builds. */
    enum Variant {
        NONE("no tool", null, List.of()),
        /** The no-tool service that runs one {@code select 1} at start: the floor of reading a history. */
        CONNECT("no tool, one select 1 at start", null, List.of()),
        MIGRATE("migrate starter", Tool.MIGRATE, List.of("migrate-core-", "migrate-spring-boot-starter-")),
        FLYWAY(
                "spring-boot-starter-flyway",
                Tool.FLYWAY,
                List.of("flyway-", "spring-boot-flyway-", "spring-boot-starter-flyway-")),
        LIQUIBASE(
                "spring-boot-starter-liquibase",
                Tool.LIQUIBASE,
                List.of("liquibase-", "spring-boot-liquibase-", "spring-boot-starter-liquibase-"));

        private final String label;
        private final @Nullable Tool tool;
        /** File-name prefixes of the jars only this variant has. */
        private final List<String> ownJars;

        Variant(String label, @Nullable Tool tool, List<String> ownJars) {
            this.label = label;
            this.tool = tool;
            this.ownJars = ownJars;
        }

        /** Whether {@code jar} belongs on this variant's class path: not another tool's jar. */
        boolean keeps(String jar) {
            for (Variant other : values()) {
                if (other != this && other.ownJars.stream().anyMatch(jar::startsWith)) {
                    return false;
                }
            }
            return true;
        }

        /** The service's arguments that point the tool at the migrations. */
        List<String> toolArguments(Path dir) {
            return switch (this) {
                case NONE -> List.of();
                case CONNECT -> List.of("--w7.connect-at-start=true");
                case MIGRATE -> List.of("--migrate.locations=filesystem:" + dir.toAbsolutePath());
                case FLYWAY -> List.of("--spring.flyway.locations=filesystem:" + dir.toAbsolutePath());
                case LIQUIBASE ->
                    List.of("--spring.liquibase.change-log=file:"
                            + dir.resolve(LiquibaseRunner.CHANGELOG).toAbsolutePath());
            };
        }
    }

    @Override
    public String id() {
        return "W7";
    }

    @Override
    public WorkloadReport run(BenchmarkContext context) throws Exception {
        Map<Variant, String> classPaths = classPaths();
        Map<Variant, BenchDatabase> noOpDatabases = new EnumMap<>(Variant.class);
        Map<Variant, Path> dirs = new EnumMap<>(Variant.class);
        Map<Variant, List<Long>> noOpMillis = new EnumMap<>(Variant.class);
        Map<Variant, List<Long>> coldMillis = new EnumMap<>(Variant.class);
        Map<Variant, List<Long>> noOpCpuMillis = new EnumMap<>(Variant.class);
        Map<Variant, List<Long>> noOpMainCpuMillis = new EnumMap<>(Variant.class);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<String> problems = new ArrayList<>();
        try {
            for (Variant variant : Variant.values()) {
                Tool tool = variant.tool == null ? Tool.MIGRATE : variant.tool;
                dirs.put(variant, context.migrations("small", tool, Workloads.smallMigrations()));
                BenchDatabase db =
                        context.server().createDatabase("w7_" + variant.name().toLowerCase());
                noOpDatabases.put(variant, db);
                if (variant.tool == null) {
                    // the no-tool service gets the same tables, applied by migrate
                    try (HikariDataSource pool = BenchDatabase.pool(db.url(), "bench-w7-setup")) {
                        tool.runner().migrate(pool, dirs.get(variant));
                    }
                } else {
                    // applied by the service itself: Liquibase records the changelog's path as the service names it
                    start(context, new Start(variant, true), classPaths, db, dirs, -1);
                }
            }
            for (int i = 0; i < context.iterations(); i++) {
                List<Start> starts = new ArrayList<>();
                for (Variant variant : Variant.values()) {
                    starts.add(new Start(variant, false));
                    starts.add(new Start(variant, true));
                }
                Collections.shuffle(starts, random);
                for (Start start : starts) {
                    ForkedJvm.Result millis;
                    if (start.cold()) {
                        try (BenchDatabase db = context.server()
                                .createDatabase(
                                        "w7_cold_" + start.variant().name().toLowerCase())) {
                            millis = start(context, start, classPaths, db, dirs, i);
                            Tool tool = start.variant().tool;
                            String problem = tool == null ? null : db.checkSmallMigrations(tool.runner());
                            if (problem != null) {
                                problems.add(start.variant().label + ": " + problem);
                            }
                        }
                    } else {
                        millis = start(context, start, classPaths, noOpDatabases.get(start.variant()), dirs, i);
                    }
                    if (context.measured(i)) {
                        (start.cold() ? coldMillis : noOpMillis)
                                .computeIfAbsent(start.variant(), v -> new ArrayList<>())
                                .add(millis.nanos("ready_millis"));
                        if (!start.cold()) {
                            noOpCpuMillis
                                    .computeIfAbsent(start.variant(), v -> new ArrayList<>())
                                    .add(millis.nanos("ready_cpu_millis"));
                            noOpMainCpuMillis
                                    .computeIfAbsent(start.variant(), v -> new ArrayList<>())
                                    .add(millis.nanos("ready_main_cpu_millis"));
                        }
                    }
                }
            }
        } finally {
            for (BenchDatabase db : noOpDatabases.values()) {
                db.close();
            }
        }
        return report(noOpMillis, coldMillis, noOpCpuMillis, noOpMainCpuMillis, seed, problems);
    }

    private record Start(Variant variant, boolean cold) {

        String kind() {
            return cold ? "cold" : "no-op";
        }
    }

    /** Starts the service once; its {@code ready_millis} (JVM start to ApplicationReadyEvent) and {@code ready_cpu_millis}. */
    private static ForkedJvm.Result start(
            BenchmarkContext context,
            Start start,
            Map<Variant, String> classPaths,
            BenchDatabase db,
            Map<Variant, Path> dirs,
            int iteration)
            throws Exception {
        Variant variant = start.variant();
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + db.url(),
                "--server.port=0",
                "--management.endpoints.web.exposure.include=health"));
        args.addAll(variant.toolArguments(dirs.get(variant)));
        String label = "w7-" + variant.name().toLowerCase() + "-" + start.kind() + "-"
                + (iteration < 0 ? "setup" : String.valueOf(iteration));
        ForkedJvm.Result result = ForkedJvm.start(
                        List.of("-Dliquibase.analytics.enabled=false"),
                        classPaths.get(variant),
                        SERVICE_MAIN,
                        args,
                        context.logDir(),
                        label)
                .await(FORK_TIMEOUT);
        if (!result.succeeded()) {
            throw new IllegalStateException(
                    "W7 " + start.kind() + " start of " + variant.label + " failed: " + result.stderrExcerpt());
        }
        long millis = result.nanos("ready_millis");
        context.log("W7 " + (iteration < 0 ? "setup" : context.measured(iteration) ? "run" : "warm-up") + " "
                + variant.label + " " + start.kind()
                + ": ready after " + millis + " ms (CPU " + result.nanos("ready_cpu_millis") + " ms)");
        return result;
    }

    /** Each variant's class path: the service's own jar, then the jars it keeps. */
    private static Map<Variant, String> classPaths() throws IOException, URISyntaxException {
        Path target = Path.of(BootServiceWorkload.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getParent();
        Path service = target.resolve("migrate-benchmarks-w7-service.jar");
        if (!Files.isRegularFile(service)) {
            throw new IllegalStateException("W7 needs " + service + ": build with ./mvnw -Pbenchmarks -pl"
                    + " migrate-benchmarks -am package -DskipTests");
        }
        List<Path> jars = new ArrayList<>();
        for (String dir : List.of("lib", "w7-lib")) {
            try (Stream<Path> files = Files.list(target.resolve(dir))) {
                files.filter(f -> f.getFileName().toString().endsWith(".jar"))
                        .sorted()
                        .forEach(jars::add);
            }
        }
        Map<Variant, String> classPaths = new EnumMap<>(Variant.class);
        for (Variant variant : Variant.values()) {
            List<String> entries = new ArrayList<>(List.of(service.toString()));
            jars.stream()
                    .filter(jar -> variant.keeps(jar.getFileName().toString()))
                    .forEach(jar -> entries.add(jar.toString()));
            classPaths.put(variant, String.join(File.pathSeparator, entries));
        }
        return classPaths;
    }

    private static WorkloadReport report(
            Map<Variant, List<Long>> noOpMillis,
            Map<Variant, List<Long>> coldMillis,
            Map<Variant, List<Long>> noOpCpuMillis,
            Map<Variant, List<Long>> noOpMainCpuMillis,
            long seed,
            List<String> problems) {
        Stats noOpNone = millis(noOpMillis.get(Variant.NONE));
        Stats coldNone = millis(coldMillis.get(Variant.NONE));
        MarkdownTable table = new MarkdownTable(
                "service",
                "no-op: JVM start → ready (ms)",
                "over no tool (medians)",
                "no-op: CPU time until ready (ms)",
                "over no tool (medians)",
                "no-op: main thread's CPU time until ready (ms)",
                "over no tool (medians)",
                "cold: JVM start → ready (ms)",
                "over no tool (medians)");
        Stats cpuNone = millis(noOpCpuMillis.get(Variant.NONE));
        Stats mainCpuNone = millis(noOpMainCpuMillis.get(Variant.NONE));
        for (Variant variant : Variant.values()) {
            Stats noOp = millis(noOpMillis.get(variant));
            Stats cold = millis(coldMillis.get(variant));
            Stats cpu = millis(noOpCpuMillis.get(variant));
            Stats mainCpu = millis(noOpMainCpuMillis.get(variant));
            table.row(
                    variant.label,
                    noOp.format(0),
                    variant == Variant.NONE ? "—" : plus(noOp.median() - noOpNone.median()),
                    cpu.format(0),
                    variant == Variant.NONE ? "—" : plus(cpu.median() - cpuNone.median()),
                    mainCpu.format(0),
                    variant == Variant.NONE ? "—" : plus(mainCpu.median() - mainCpuNone.median()),
                    cold.format(0),
                    variant == Variant.NONE ? "—" : plus(cold.median() - coldNone.median()));
        }
        double migrateOver = millis(noOpMillis.get(Variant.MIGRATE)).median() - noOpNone.median();
        double flywayOver = millis(noOpMillis.get(Variant.FLYWAY)).median() - noOpNone.median();
        double migrateOverFloor = millis(noOpMillis.get(Variant.MIGRATE)).median()
                - millis(noOpMillis.get(Variant.CONNECT)).median();
        String markdown = "### W7 Boot service start: JVM start → ApplicationReadyEvent\n\n"
                + "The same small Spring Boot service (Spring MVC, Actuator with the health endpoint, JDBC with"
                + " HikariCP on PostgreSQL, one REST controller) built four ways: without a tool, with migrate's"
                + " starter, with `spring-boot-starter-flyway`, with `spring-boot-starter-liquibase`; each on the"
                + " 200 small migrations of W1 in its own format; beside them the no-tool service running one `select 1` through"
                + " its pool before it is ready: the floor of any tool that reads a history at start-up (driver,"
                + " pool, first connection). The service prints its JVM's uptime at"
                + " `ApplicationReadyEvent`, the CPU time its threads used until then (on a busy machine the steadier figure) and"
                + " the CPU time of its main thread alone (work a tool moves to a thread of its own leaves it), and ends. *no-op*: the 200 already applied; *cold*: a fresh database,"
                + " the tool applies the 200 during the start (the no-tool service starts on an empty one). Every"
                + " iteration starts the ten (service, cold/no-op) in a new random order (seed " + seed
                + "). One class path for all,"
                + " less the jars of the tools a variant does not use.\n\n"
                + table
                + "\nSide effects of the cold starts checked (200 tables, 2,000 rows, 200 history rows): "
                + (problems.isEmpty() ? "all correct." : "**problems**: " + String.join("; ", problems))
                + "\n";
        TargetCheck target = new TargetCheck(
                "W7",
                "no-op start ≤ +150 ms over no tool",
                plus(migrateOver) + " (Flyway " + plus(flywayOver) + "); over the one-select-1 service "
                        + plus(migrateOverFloor),
                migrateOver <= 150 && problems.isEmpty());
        return new WorkloadReport("W7", markdown, List.of(target));
    }

    private static Stats millis(List<Long> values) {
        return new Stats(values.stream().map(Long::doubleValue).toList());
    }

    private static String plus(double millis) {
        return (millis >= 0 ? "+" : "") + Stats.fmt(millis, 0) + " ms";
    }
}
