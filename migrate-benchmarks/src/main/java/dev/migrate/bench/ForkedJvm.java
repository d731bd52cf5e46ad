package dev.migrate.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts {@link ForkedMigrationMain} in a fresh JVM with this JVM's class path, and makes sure
 * every process started here is killed when the benchmarks end, however they end.
 */
final class ForkedJvm {

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    private static final String JAVA =
            Path.of(System.getProperty("java.home"), "bin", "java").toString();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ForkedJvm::killAll, "kill-forked-jvms"));
    }

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long startedNanos;

    private ForkedJvm(Process process, Path stdout, Path stderr, long startedNanos) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts a JVM with the given JVM options running {@link ForkedMigrationMain} with {@code
     * args}; its output goes to files named after {@code label} in {@code logDir}.
     */
    static ForkedJvm start(List<String> jvmOptions, List<String> args, Path logDir, String label) throws IOException {
        return start(
                jvmOptions,
                System.getProperty("java.class.path"),
                ForkedMigrationMain.class.getName(),
                args,
                logDir,
                label);
    }

    /** Starts a JVM running {@code mainClass} on {@code classPath}; otherwise as {@link #start(List, List, Path, String)}. */
    static ForkedJvm start(
            List<String> jvmOptions, String classPath, String mainClass, List<String> args, Path logDir, String label)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        command.addAll(jvmOptions);
        command.addAll(extraOptions(label));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.addAll(args);
        Path out = logDir.resolve(label + ".out");
        Path err = logDir.resolve(label + ".err");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        long started = System.nanoTime();
        Process process = builder.start();
        RUNNING.add(process);
        return new ForkedJvm(process, out, err, started);
    }

    /**
     * Options from the system property {@code bench.fork.options} (space-separated), added to every
     * forked JVM, with {@code {label}} replaced by the run's label; for profiling, e.g. {@code
     * -Dbench.fork.options=-XX:StartFlightRecording=filename=/tmp/{label}.jfr}.
     */
    private static List<String> extraOptions(String label) {
        String options = System.getProperty("bench.fork.options", "").strip();
        if (options.isEmpty()) {
            return List.of();
        }
        List<String> result = new ArrayList<>();
        for (String option : options.split("\\s+")) {
            result.add(option.replace("{label}", label));
        }
        return result;
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    /** The process id. */
    long pid() {
        return process.pid();
    }

    /** When the process was started, by {@link System#nanoTime()}. */
    long startedNanos() {
        return startedNanos;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the end; kills the process and fails if it takes longer than {@code timeout}. */
    Result await(Duration timeout) throws IOException, InterruptedException {
        boolean ended = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        long endedNanos = System.nanoTime();
        if (!ended) {
            kill();
            throw new IllegalStateException(
                    "forked JVM " + pid() + " did not end within " + timeout + "; see " + stderr);
        }
        RUNNING.remove(process);
        return new Result(process.exitValue(), endedNanos - startedNanos, readValues(), excerpt(stderr));
    }

    /** {@code kill -9}: SIGKILL on Linux, so the process gets no chance to clean up. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        RUNNING.remove(process);
    }

    private Map<String, String> readValues() throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(stdout, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return values;
    }

    /** The first 40 and the last 15 lines of a (possibly long) error output. */
    private static String excerpt(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.size() <= 55) {
            return String.join("\n", lines);
        }
        return String.join("\n", lines.subList(0, 40)) + "\n...\n"
                + String.join("\n", lines.subList(lines.size() - 15, lines.size()));
    }

    /** Kills every forked JVM still running. */
    static void killAll() {
        for (Process process : RUNNING) {
            process.destroyForcibly();
        }
        RUNNING.clear();
    }

    /** A forked JVM's exit code, wall time from start to end, {@code key=value} output and an excerpt of stderr. */
    record Result(int exitCode, long wallNanos, Map<String, String> values, String stderrExcerpt) {

        boolean succeeded() {
            return exitCode == 0 && "ok".equals(values.get("status"));
        }

        long nanos(String key) {
            String value = values.get(key);
            if (value == null) {
                throw new IllegalStateException(
                        "forked JVM printed no " + key + " (exit " + exitCode + "): " + stderrExcerpt);
            }
            return Long.parseLong(value);
        }
    }
}
