package dev.migrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * W8 (issue 21): the migration Job itself, a process that migrates and ends, as a Helm hook Job or
 * an initContainer runs it, on {@link JobMigrations}' 101 PostgreSQL migrations. Each round, in a
 * random order, each tool gets a new database: first run cold (applies all 101), second run no-op
 * (all applied). Timed from process start to exit, as the Job's pod waits for it.
 *
 * <p>Tools: the sample application's jar in exit mode ({@code --migrate.mode=exit}); the same with
 * {@code --migrate.exit-before-context=true} (the command runs before the application context
 * exists), as the fat jar (plain, and with the JVM options the chart gives the Job, {@code
 * JAVA_TOOL_OPTIONS=-XX:TieredStopAtLevel=1}, in both settings) and as the extracted jar ({@code
 * -Djarmode=tools extract}) with an AppCDS archive from one training run in its setting and only
 * the C1 compiler, the lighter image of docs/operations.md, before and in the context; the plain
 * command line {@code java -jar migrate-cli.jar up}, the same with an AppCDS archive made by one
 * training run ({@code -XX:ArchiveClassesAtExit}, then {@code -XX:SharedArchiveFile}), and
 * the launcher script {@code migrate-cli/src/main/dist/migrate} (C1 only, with a static archive
 * dumped from the module's class list before the rounds, no database needed), and Debian's Go
 * {@code sql-migrate up}. The floor is {@code java -jar migrate-cli.jar --version}: a
 * JVM that opens the jar and ends.
 *
 * <p>The jars are found relative to the working directory (the repository root) unless given as
 * system properties {@code migrate.bench.sample-jar} and {@code migrate.bench.cli-jar}; the Go
 * tool at {@code /usr/bin/sql-migrate} unless {@code migrate.bench.sql-migrate}.
 */
final class JobWorkload implements Workload {

    private static final String SAMPLE = "sample jar, exit mode";
    private static final String SAMPLE_EARLY = "sample jar, exit mode before the context";
    private static final String SAMPLE_C1 = "sample jar + C1 (the chart's JAVA_TOOL_OPTIONS), exit mode";
    private static final String SAMPLE_EARLY_C1 =
            "sample jar + C1 (the chart's JAVA_TOOL_OPTIONS), exit mode before the context";
    private static final String SAMPLE_LIGHT = "extracted sample jar + AppCDS + C1, exit mode before the context";
    private static final String SAMPLE_LIGHT_CONTEXT = "extracted sample jar + AppCDS + C1, exit mode";
    /** What the chart gives the Job and the initContainer (values.yaml, migration.jvmOptions). */
    private static final String CHART_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

    private static final String CLI = "migrate-cli";
    private static final String CLI_CDS = "migrate-cli + AppCDS";
    private static final String LAUNCHER = "launcher: C1 + archive of the class list";
    private static final String GO = "sql-migrate (Go)";
    private static final String FLOOR = "floor: JVM + jar, --version";
    /** GNU time, for each process's CPU time (Debian package time). */
    private static final String TIME = "/usr/bin/time";

    /** How long one run took from process start to exit, and the CPU time (user + system) it used. */
    private record Timing(long nanos, double cpuSeconds) {}

    /** One way to run the Job against a database. */
    private record JobTool(String name, List<String> command, Map<String, String> environment) {}

    @Override
    public String id() {
        return "W8";
    }

    @Override
    public WorkloadReport run(BenchmarkContext context) throws Exception {
        Path work = Files.createDirectories(context.logDir().resolve("w8"));
        Path migrations = JobMigrations.write(work.resolve("migrations"));
        Path sampleJar = existing("migrate.bench.sample-jar", "sample-app/target/sample-app-0.1.0-SNAPSHOT.jar");
        Path cliJar = existing("migrate.bench.cli-jar", "migrate-cli/target/migrate-cli.jar");
        Path goCli = existing("migrate.bench.sql-migrate", "/usr/bin/sql-migrate");
        existing("migrate.bench.time", TIME);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        PostgresServer server = context.server();

        Path archive = work.resolve("migrate-cli.jsa");
        long trained;
        try (BenchDatabase training = server.createDatabase("w8train")) {
            long started = System.nanoTime();
            run(
                    work,
                    new JobTool(
                            "AppCDS training run",
                            List.of(java, "-XX:ArchiveClassesAtExit=" + archive, "-jar", cliJar.toString(), "up"),
                            cliEnvironment(server, training.name(), migrations)),
                    "train");
            trained = System.nanoTime() - started;
        }
        long archiveBytes = Files.size(archive);

        Path extracted = work.resolve("sample-extracted");
        run(
                work,
                new JobTool(
                        "sample jar extract",
                        List.of(
                                java,
                                "-Djarmode=tools",
                                "-jar",
                                sampleJar.toString(),
                                "extract",
                                "--destination",
                                extracted.toString()),
                        Map.of()),
                "extract");
        Path extractedJar = extracted.resolve(sampleJar.getFileName());
        // one archive per setting, each trained by one cold run with it (in the context, exit mode
        // loads the context's classes too)
        Path sampleArchive = work.resolve("sample.jsa");
        Path sampleContextArchive = work.resolve("sample-context.jsa");
        for (boolean early : List.of(true, false)) {
            try (BenchDatabase training = server.createDatabase("w8trainsample")) {
                Path file = early ? sampleArchive : sampleContextArchive;
                List<String> command = new ArrayList<>(
                        List.of(java, "-XX:ArchiveClassesAtExit=" + file, "-jar", extractedJar.toString()));
                command.addAll(sampleArguments(migrations, early));
                run(
                        work,
                        new JobTool("sample AppCDS training run", command, sampleEnvironment(server, training.name())),
                        "train");
            }
        }

        Path launcher = existing("migrate.bench.cli-launcher", "migrate-cli/src/main/dist/migrate");
        Path classList = existing("migrate.bench.cli-classlist", "migrate-cli/src/main/dist/migrate-cli.classlist");
        Path launcherArchive = work.resolve("migrate-cli-static.jsa");
        long dumpStarted = System.nanoTime();
        run(
                work,
                new JobTool(
                        "class list dump",
                        List.of(
                                java,
                                "-Xshare:dump",
                                "-XX:SharedClassListFile=" + classList,
                                "-XX:SharedArchiveFile=" + launcherArchive,
                                "-cp",
                                cliJar.toString()),
                        Map.of()),
                "dump");
        long dumped = System.nanoTime() - dumpStarted;
        long launcherArchiveBytes = Files.size(launcherArchive);

        long seed = System.nanoTime();
        Random random = new Random(seed);
        context.log("W8: rounds in random order, seed " + seed);
        Map<String, List<Long>> cold = new LinkedHashMap<>();
        Map<String, List<Long>> noOp = new LinkedHashMap<>();
        Map<String, List<Double>> coldCpu = new LinkedHashMap<>();
        Map<String, List<Double>> noOpCpu = new LinkedHashMap<>();
        List<String> tools = List.of(
                SAMPLE,
                SAMPLE_C1,
                SAMPLE_EARLY,
                SAMPLE_EARLY_C1,
                SAMPLE_LIGHT,
                SAMPLE_LIGHT_CONTEXT,
                CLI,
                CLI_CDS,
                LAUNCHER,
                GO,
                FLOOR);
        for (String name : tools) {
            cold.put(name, new ArrayList<>());
            noOp.put(name, new ArrayList<>());
            coldCpu.put(name, new ArrayList<>());
            noOpCpu.put(name, new ArrayList<>());
        }
        for (int round = 0; round < context.iterations(); round++) {
            List<String> order = new ArrayList<>(tools);
            Collections.shuffle(order, random);
            context.log("W8 round " + (round + 1) + "/" + context.iterations() + ": " + order);
            for (String name : order) {
                if (name.equals(FLOOR)) {
                    Timing took = run(
                            work,
                            new JobTool(FLOOR, List.of(java, "-jar", cliJar.toString(), "--version"), Map.of()),
                            "floor");
                    if (context.measured(round)) {
                        noOp.get(name).add(took.nanos());
                        noOpCpu.get(name).add(took.cpuSeconds());
                    }
                    continue;
                }
                try (BenchDatabase database = server.createDatabase("w8")) {
                    JobTool tool = switch (name) {
                        case SAMPLE, SAMPLE_EARLY -> {
                            List<String> command = new ArrayList<>(List.of(java, "-jar", sampleJar.toString()));
                            command.addAll(sampleArguments(migrations, name.equals(SAMPLE_EARLY)));
                            yield new JobTool(name, command, sampleEnvironment(server, database.name()));
                        }
                        case SAMPLE_C1, SAMPLE_EARLY_C1 -> {
                            // the image's own command line; the JVM options come as the chart sets them
                            List<String> command = new ArrayList<>(List.of(java, "-jar", sampleJar.toString()));
                            command.addAll(sampleArguments(migrations, name.equals(SAMPLE_EARLY_C1)));
                            Map<String, String> environment =
                                    new LinkedHashMap<>(sampleEnvironment(server, database.name()));
                            environment.put("JAVA_TOOL_OPTIONS", CHART_JVM_OPTIONS);
                            yield new JobTool(name, command, environment);
                        }
                        case SAMPLE_LIGHT, SAMPLE_LIGHT_CONTEXT -> {
                            boolean early = name.equals(SAMPLE_LIGHT);
                            List<String> command = new ArrayList<>(List.of(
                                    java,
                                    "-XX:TieredStopAtLevel=1",
                                    "-XX:SharedArchiveFile=" + (early ? sampleArchive : sampleContextArchive),
                                    "-jar",
                                    extractedJar.toString()));
                            command.addAll(sampleArguments(migrations, early));
                            yield new JobTool(name, command, sampleEnvironment(server, database.name()));
                        }
                        case CLI ->
                            new JobTool(
                                    name,
                                    List.of(java, "-jar", cliJar.toString(), "up"),
                                    cliEnvironment(server, database.name(), migrations));
                        case CLI_CDS ->
                            new JobTool(
                                    name,
                                    List.of(java, "-XX:SharedArchiveFile=" + archive, "-jar", cliJar.toString(), "up"),
                                    cliEnvironment(server, database.name(), migrations));
                        case LAUNCHER -> {
                            Map<String, String> environment =
                                    new LinkedHashMap<>(cliEnvironment(server, database.name(), migrations));
                            environment.put("MIGRATE_CLI_JAR", cliJar.toString());
                            environment.put("MIGRATE_CLI_ARCHIVE", launcherArchive.toString());
                            environment.put("JAVA_HOME", System.getProperty("java.home"));
                            yield new JobTool(name, List.of("sh", launcher.toString(), "up"), environment);
                        }
                        default ->
                            new JobTool(
                                    name,
                                    List.of(
                                            goCli.toString(),
                                            "up",
                                            "-config=" + goConfig(work, server, database.name(), migrations),
                                            "-env=bench"),
                                    Map.of());
                    };
                    Timing first = run(work, tool, "cold");
                    Timing second = run(work, tool, "noop");
                    if (context.measured(round)) {
                        cold.get(name).add(first.nanos());
                        noOp.get(name).add(second.nanos());
                        coldCpu.get(name).add(first.cpuSeconds());
                        noOpCpu.get(name).add(second.cpuSeconds());
                    }
                }
            }
        }
        return report(cold, noOp, coldCpu, noOpCpu, trained, archiveBytes, dumped, launcherArchiveBytes);
    }

    private static WorkloadReport report(
            Map<String, List<Long>> cold,
            Map<String, List<Long>> noOp,
            Map<String, List<Double>> coldCpu,
            Map<String, List<Double>> noOpCpu,
            long trainedNanos,
            long archiveBytes,
            long dumpedNanos,
            long launcherArchiveBytes) {
        Stats goCold = Stats.ofNanosAsSeconds(cold.get(GO));
        Stats goNoOp = Stats.ofNanosAsSeconds(noOp.get(GO));
        MarkdownTable table = new MarkdownTable(
                "tool", "cold, s (min / median / max)", "÷ Go", "no-op, s (min / median / max)", "÷ Go");
        for (String name : cold.keySet()) {
            Stats n = Stats.ofNanosAsSeconds(noOp.get(name));
            if (name.equals(FLOOR)) {
                table.row(name, "—", "—", n.format(3), Workload.ratio(n.medianRatio(goNoOp)));
                continue;
            }
            Stats c = Stats.ofNanosAsSeconds(cold.get(name));
            table.row(
                    name,
                    c.format(3),
                    Workload.ratio(c.medianRatio(goCold)),
                    n.format(3),
                    Workload.ratio(n.medianRatio(goNoOp)));
        }
        Stats goColdCpu = new Stats(coldCpu.get(GO));
        Stats goNoOpCpu = new Stats(noOpCpu.get(GO));
        MarkdownTable cpu = new MarkdownTable(
                "tool", "cold, CPU s (min / median / max)", "÷ Go", "no-op, CPU s (min / median / max)", "÷ Go");
        for (String name : cold.keySet()) {
            Stats n = new Stats(noOpCpu.get(name));
            if (name.equals(FLOOR)) {
                cpu.row(name, "—", "—", n.format(2), Workload.ratio(n.medianRatio(goNoOpCpu)));
                continue;
            }
            Stats c = new Stats(coldCpu.get(name));
            cpu.row(
                    name,
                    c.format(2),
                    Workload.ratio(c.medianRatio(goColdCpu)),
                    n.format(2),
                    Workload.ratio(n.medianRatio(goNoOpCpu)));
        }
        Stats cliNoOp = Stats.ofNanosAsSeconds(noOp.get(CLI));
        Stats cdsNoOp = Stats.ofNanosAsSeconds(noOp.get(CLI_CDS));
        Stats cliCold = Stats.ofNanosAsSeconds(cold.get(CLI));
        Stats cdsCold = Stats.ofNanosAsSeconds(cold.get(CLI_CDS));
        Stats sampleNoOp = Stats.ofNanosAsSeconds(noOp.get(SAMPLE));
        Stats earlyNoOp = Stats.ofNanosAsSeconds(noOp.get(SAMPLE_EARLY));
        Stats c1NoOp = Stats.ofNanosAsSeconds(noOp.get(SAMPLE_C1));
        Stats earlyC1NoOp = Stats.ofNanosAsSeconds(noOp.get(SAMPLE_EARLY_C1));
        Stats lightNoOp = Stats.ofNanosAsSeconds(noOp.get(SAMPLE_LIGHT));
        Stats lightContextNoOp = Stats.ofNanosAsSeconds(noOp.get(SAMPLE_LIGHT_CONTEXT));
        Stats launcherNoOp = Stats.ofNanosAsSeconds(noOp.get(LAUNCHER));
        Stats launcherCold = Stats.ofNanosAsSeconds(cold.get(LAUNCHER));
        Stats floorNoOp = Stats.ofNanosAsSeconds(noOp.get(FLOOR));
        Stats cliNoOpCpu = new Stats(noOpCpu.get(CLI));
        Stats launcherNoOpCpu = new Stats(noOpCpu.get(LAUNCHER));
        String markdown = "### W8: the migration Job (" + JobMigrations.COUNT + " PostgreSQL migrations)\n\n"
                + "Wall time, process start to exit:\n\n"
                + table
                + "\nCPU time of the process (user + system, /usr/bin/time), which the machine's load"
                + " changes less:\n\n"
                + cpu
                + "\nAppCDS for the CLI: one training run (cold, -XX:ArchiveClassesAtExit) took "
                + Stats.fmt(trainedNanos / 1e9, 2) + " s and wrote a " + (archiveBytes / (1024 * 1024))
                + " MiB archive;"
                + " with it the CLI's no-op median is " + Workload.ratio(cdsNoOp.medianRatio(cliNoOp))
                + " of the plain CLI's, cold " + Workload.ratio(cdsCold.medianRatio(cliCold)) + ".\n"
                + "\nThe launcher: the archive dumped from the class list (-Xshare:dump, no database) took "
                + Stats.fmt(dumpedNanos / 1e9, 2) + " s and is " + (launcherArchiveBytes / (1024 * 1024))
                + " MiB; the launcher's no-op median is " + Workload.ratio(launcherNoOp.medianRatio(cliNoOp))
                + " of the plain CLI's (CPU " + Workload.ratio(launcherNoOpCpu.medianRatio(cliNoOpCpu)) + "), "
                + Workload.ratio(launcherNoOp.medianRatio(floorNoOp)) + " of the JVM floor's, cold "
                + Workload.ratio(launcherCold.medianRatio(cliCold)) + " of the plain CLI's.\n"
                + "\nThe app image before the context (migrate.exit-before-context=true): no-op median "
                + Workload.ratio(earlyNoOp.medianRatio(sampleNoOp)) + " of exit mode in the context's; extracted"
                + " with AppCDS (trained in one cold run with the same setting) and C1 only "
                + Workload.ratio(lightNoOp.medianRatio(sampleNoOp))
                + "; in the context, extracted with AppCDS (an archive"
                + " trained in the context) and C1 only " + Workload.ratio(lightContextNoOp.medianRatio(sampleNoOp))
                + ".\n"
                + "\nThe chart's JVM options for the Job and the initContainer (JAVA_TOOL_OPTIONS="
                + CHART_JVM_OPTIONS + ", the image and its command line unchanged): no-op median "
                + Workload.ratio(c1NoOp.medianRatio(sampleNoOp)) + " of the plain fat jar's in the context, "
                + Workload.ratio(earlyC1NoOp.medianRatio(earlyNoOp)) + " of the plain fat jar's before the context.\n";
        List<TargetCheck> targets = List.of(
                new TargetCheck(
                        "W8",
                        "migrate-cli no-op ≤ 0.35 s",
                        Stats.fmt(cliNoOp.median(), 3) + " s (" + Workload.ratio(cliNoOp.medianRatio(goNoOp)) + " Go)",
                        cliNoOp.median() <= 0.35),
                new TargetCheck(
                        "W8",
                        "migrate-cli + AppCDS no-op ≤ 0.35 s",
                        Stats.fmt(cdsNoOp.median(), 3) + " s (" + Workload.ratio(cdsNoOp.medianRatio(goNoOp)) + " Go)",
                        cdsNoOp.median() <= 0.35),
                new TargetCheck(
                        "W8",
                        "launcher (C1 + archive) no-op ≤ 0.35 s",
                        Stats.fmt(launcherNoOp.median(), 3) + " s (" + Workload.ratio(launcherNoOp.medianRatio(goNoOp))
                                + " Go)",
                        launcherNoOp.median() <= 0.35),
                new TargetCheck(
                        "W8",
                        "app image (exit mode) no-op ≤ 1.0 s",
                        Stats.fmt(sampleNoOp.median(), 3) + " s",
                        sampleNoOp.median() <= 1.0),
                new TargetCheck(
                        "W8",
                        "app image, exit mode before the context, no-op ≤ 1.0 s",
                        Stats.fmt(earlyNoOp.median(), 3) + " s",
                        earlyNoOp.median() <= 1.0),
                new TargetCheck(
                        "W8",
                        "app image with the chart's JVM options, exit mode, no-op ≤ 1.0 s",
                        Stats.fmt(c1NoOp.median(), 3) + " s",
                        c1NoOp.median() <= 1.0),
                new TargetCheck(
                        "W8",
                        "app image with the chart's JVM options, exit mode before the context, no-op ≤ 1.0 s",
                        Stats.fmt(earlyC1NoOp.median(), 3) + " s",
                        earlyC1NoOp.median() <= 1.0),
                new TargetCheck(
                        "W8",
                        "app image extracted + AppCDS + C1, exit mode before the context, no-op ≤ 1.0 s",
                        Stats.fmt(lightNoOp.median(), 3) + " s",
                        lightNoOp.median() <= 1.0),
                new TargetCheck(
                        "W8",
                        "app image extracted + AppCDS + C1, exit mode, no-op ≤ 1.0 s",
                        Stats.fmt(lightContextNoOp.median(), 3) + " s",
                        lightContextNoOp.median() <= 1.0));
        return new WorkloadReport("W8", markdown, targets);
    }

    /** The sample jar's arguments: exit mode on the folder, before the context when {@code early}. */
    private static List<String> sampleArguments(Path migrations, boolean early) {
        return List.of(
                "--migrate.mode=exit",
                "--migrate.exit-before-context=" + early,
                "--migrate.locations=filesystem:" + migrations);
    }

    private static Map<String, String> sampleEnvironment(PostgresServer server, String database) {
        return Map.of(
                "SPRING_DATASOURCE_URL",
                "jdbc:postgresql://127.0.0.1:" + port(server) + "/" + database,
                "SPRING_DATASOURCE_USERNAME",
                "postgres");
    }

    private static Map<String, String> cliEnvironment(PostgresServer server, String database, Path migrations) {
        return Map.of(
                "MIGRATE_URL", "jdbc:postgresql://127.0.0.1:" + port(server) + "/" + database,
                "MIGRATE_USER", "postgres",
                "MIGRATE_LOCATIONS", "filesystem:" + migrations);
    }

    private static String port(PostgresServer server) {
        String url = server.url("x");
        return url.substring(url.lastIndexOf(':') + 1, url.indexOf('/', url.lastIndexOf(':')));
    }

    /** sql-migrate's dbconfig.yml for one database. */
    private static Path goConfig(Path work, PostgresServer server, String database, Path migrations)
            throws IOException {
        Path file = work.resolve("dbconfig-" + database + ".yml");
        Files.writeString(
                file,
                "bench:\n  dialect: postgres\n  datasource: host=127.0.0.1 port=" + port(server)
                        + " user=postgres dbname=" + database + " sslmode=disable\n  dir: " + migrations
                        + "\n  table: gorp_migrations\n");
        return file;
    }

    /** Runs the tool to its end and returns how long it took and its CPU time; fails on a non-zero exit. */
    private static Timing run(Path work, JobTool tool, String phase) throws Exception {
        String file = tool.name().replaceAll("[^A-Za-z0-9]+", "-") + "-" + phase;
        Path log = work.resolve(file + ".log");
        Path times = work.resolve(file + ".cpu");
        List<String> command = new ArrayList<>(List.of(TIME, "-f", "%U %S", "-o", times.toString()));
        command.addAll(tool.command());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(work.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(tool.environment());
        long started = System.nanoTime();
        Process process = builder.start();
        int code = process.waitFor();
        long took = System.nanoTime() - started;
        if (code != 0) {
            throw new IllegalStateException(
                    tool.name() + " (" + phase + ") exited with " + code + ":\n" + Files.readString(log));
        }
        String[] cpu = Files.readString(times).strip().split("\\s+");
        return new Timing(took, Double.parseDouble(cpu[0]) + Double.parseDouble(cpu[1]));
    }

    private static Path existing(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback)).toAbsolutePath();
        if (!Files.exists(path)) {
            throw new IllegalStateException("W8 needs " + path + " (system property " + property + "): package it"
                    + " first, ./mvnw -B -Pbenchmarks -pl migrate-benchmarks,migrate-cli,sample-app -am package"
                    + " -DskipTests; Debian's Go tool: apt-get install sql-migrate");
        }
        return path;
    }
}
