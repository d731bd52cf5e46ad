package dev.migrate.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Command-line settings of a benchmark run.
 *
 * <pre>
 * --workloads W1,...,W8        which workloads (default all; W7 and W8 need the packaged jars)
 * --warmups 2 --runs 5         warm-up and measured runs per tool (default 2 and 5)
 * --host 127.0.0.1 --port 5432 --user postgres   the local PostgreSQL (trust authentication)
 * --report FILE                where the Markdown results go (default next to the jar)
 * --keep-files                 keep the generated migrations and forked JVMs' output
 * --w3-processes 8             how many processes W3 starts together (default 8, as the issue asks)
 * --network-rtt-ms 0.5         W1 once more with this round trip added between the tools and the
 *                              server (a relay, {@link NetworkDelay}); 0 leaves it out (default 0.5)
 * </pre>
 */
record BenchmarkSettings(
        Set<String> workloads,
        int warmups,
        int runs,
        String host,
        int port,
        String user,
        Path report,
        boolean keepFiles,
        int w3Processes,
        double networkRoundTripMillis) {

    static final List<String> ALL_WORKLOADS = List.of("W1", "W2", "W3", "W4", "W5", "W6", "W7", "W8");

    static BenchmarkSettings parse(String[] args, Path defaultReport) {
        Set<String> workloads = new LinkedHashSet<>(ALL_WORKLOADS);
        int warmups = 2;
        int runs = 5;
        String host = "127.0.0.1";
        int port = 5432;
        String user = "postgres";
        Path report = defaultReport;
        boolean keepFiles = false;
        int w3Processes = 8;
        double networkRoundTripMillis = 0.5;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keep-files")) {
                keepFiles = true;
                continue;
            }
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--workloads" ->
                    workloads = new LinkedHashSet<>(
                            Arrays.asList(value.toUpperCase(Locale.ROOT).split(",")));
                case "--warmups" -> warmups = Integer.parseInt(value);
                case "--runs" -> runs = Integer.parseInt(value);
                case "--host" -> host = value;
                case "--port" -> port = Integer.parseInt(value);
                case "--user" -> user = value;
                case "--report" -> report = Path.of(value);
                case "--w3-processes" -> w3Processes = Integer.parseInt(value);
                case "--network-rtt-ms" -> networkRoundTripMillis = Double.parseDouble(value);
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i]
                                    + "; options: --workloads W1,..,W8 --warmups N --runs N --host H --port P --user U --report F --keep-files --w3-processes N --network-rtt-ms MS");
            }
            i++;
        }
        if (!ALL_WORKLOADS.containsAll(workloads)) {
            throw new IllegalArgumentException("workloads are " + ALL_WORKLOADS + ", not " + workloads);
        }
        if (warmups < 0 || runs < 1 || runs > 50 || warmups > 20) {
            throw new IllegalArgumentException("need 0..20 warm-ups and 1..50 runs");
        }
        if (w3Processes < 2 || w3Processes > 32) {
            throw new IllegalArgumentException("--w3-processes takes 2..32, not " + w3Processes);
        }
        if (!(networkRoundTripMillis >= 0 && networkRoundTripMillis <= 100)) {
            throw new IllegalArgumentException("--network-rtt-ms takes 0..100, not " + networkRoundTripMillis);
        }
        return new BenchmarkSettings(
                workloads, warmups, runs, host, port, user, report, keepFiles, w3Processes, networkRoundTripMillis);
    }
}
