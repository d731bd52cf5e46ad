package dev.migrate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A sample's packaged jar running in a process of its own, as {@code java -jar} runs it. The jar is
 * the system property {@code sample.jar}, which each sample's failsafe configuration sets to the
 * jar its {@code package} phase built.
 */
public final class JarProcess implements AutoCloseable {

    private final Process process;
    private final Path out;
    private final Path err;

    private JarProcess(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts the jar with these application arguments; its output goes to files in {@code workDir}. */
    public static JarProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, List.of(), args);
    }

    /** The same, with options for the JVM (before {@code -jar}), e.g. {@code -Dspring.aot.enabled=true}. */
    public static JarProcess start(Path workDir, List<String> jvmOptions, String... args) throws IOException {
        return start(workDir, Map.of(), jvmOptions, args);
    }

    /**
     * The same, with environment variables added to this process's (a container's {@code env}, e.g.
     * {@code SPRING_DATASOURCE_URL} or {@code MIGRATE_ENABLED}).
     */
    public static JarProcess start(
            Path workDir, Map<String, String> environment, List<String> jvmOptions, String... args) throws IOException {
        String jar = System.getProperty("sample.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("no packaged jar at " + jar
                    + " (system property sample.jar); run the sample's integration tests with ./mvnw -pl <sample>"
                    + " -am verify, which packages it first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar);
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "stdout", ".log");
        Path err = Files.createTempFile(workDir, "stderr", ".log");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        return new JarProcess(process, out, err);
    }

    /** Waits for the process to end and returns its exit code; fails after the timeout. */
    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the jar did not end within " + timeout + "\n" + output());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM (what Kubernetes sends to stop a pod), without waiting. */
    public void terminate() {
        process.destroy();
    }

    /** What it wrote to standard output so far. */
    public String out() {
        return read(out);
    }

    /** What it wrote to standard error so far. */
    public String err() {
        return read(err);
    }

    /** Both, labelled, for a failure message. */
    public String output() {
        return "stdout:\n" + out() + "\nstderr:\n" + err();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Stops the process if it still runs: first as SIGTERM would (Spring's graceful shutdown), then forcibly. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
