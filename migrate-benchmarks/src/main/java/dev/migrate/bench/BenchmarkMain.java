package dev.migrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs the benchmark workloads of issue 5 for migrate, Flyway and Liquibase on the local
 * PostgreSQL and writes the figures as Markdown.
 *
 * <pre>
 * ./mvnw -B -Pbenchmarks -pl migrate-benchmarks -am package -DskipTests
 * java -jar migrate-benchmarks/target/migrate-benchmarks.jar [--workloads W1,W7] [--runs 5] [--warmups 2]
 * </pre>
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        Path jarDir = Path.of(BenchmarkMain.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .getParent();
        BenchmarkSettings settings = BenchmarkSettings.parse(args, jarDir.resolve("benchmark-results.md"));
        QuietLogging.apply();
        PostgresServer server = new PostgresServer(settings.host(), settings.port(), settings.user());
        Path workDir = Files.createTempDirectory("migrate-bench");
        long started = System.nanoTime();
        String loadBefore = MachineInfo.loadAverage();
        List<WorkloadReport> reports = new ArrayList<>();
        try {
            BenchmarkContext context = new BenchmarkContext(settings, server, workDir);
            for (Workload workload : List.of(
                    new ColdApplyWorkload(),
                    new NoOpBootWorkload(),
                    new ConcurrentStartWorkload(),
                    new LargeMigrationWorkload(),
                    new KilledHolderWorkload(),
                    new LiveTrafficWorkload(),
                    new BootServiceWorkload(),
                    new JobWorkload())) {
                if (settings.workloads().contains(workload.id())) {
                    context.log("starting " + workload.id());
                    reports.add(workload.run(context));
                }
            }
        } finally {
            ForkedJvm.killAll();
            if (settings.keepFiles()) {
                System.out.println("Kept generated migrations and forked JVMs' output in " + workDir);
            } else {
                deleteRecursively(workDir);
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started).truncatedTo(ChronoUnit.SECONDS);
        String markdown = render(settings, server, reports, took, loadBefore, MachineInfo.loadAverage());
        Files.createDirectories(settings.report().toAbsolutePath().getParent());
        Files.writeString(settings.report(), markdown);
        System.out.println();
        System.out.println(markdown);
        System.out.println("Written to " + settings.report().toAbsolutePath());
    }

    private static String render(
            BenchmarkSettings settings,
            PostgresServer server,
            List<WorkloadReport> reports,
            Duration took,
            String loadBefore,
            String loadAfter)
            throws Exception {
        MarkdownTable summary = new MarkdownTable("workload", "target", "measured", "verdict");
        reports.stream()
                .flatMap(r -> r.targets().stream())
                .forEach(t -> summary.row(t.workload(), t.target(), t.measured(), t.verdict()));
        StringBuilder out = new StringBuilder();
        out.append("## Results of ")
                .append(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES))
                .append("\n\n")
                .append(MachineInfo.describe(server))
                .append("- runs: ")
                .append(settings.warmups())
                .append(" warm-up + ")
                .append(settings.runs())
                .append(" measured per tool and workload; the whole run took ")
                .append(took.toMinutesPart() + took.toHoursPart() * 60)
                .append(" min ")
                .append(took.toSecondsPart())
                .append(" s\n- load average (1/5/15 min) before: ")
                .append(loadBefore)
                .append(", after: ")
                .append(loadAfter)
                .append("\n\n")
                .append(summary)
                .append('\n');
        for (WorkloadReport report : reports) {
            out.append(report.markdown()).append('\n');
        }
        return out.toString();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
