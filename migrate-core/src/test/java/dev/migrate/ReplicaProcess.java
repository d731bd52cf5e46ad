package dev.migrate;

import dev.migrate.testing.TestDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts {@link MigrateProcessMain} in its own JVM, output to a file. */
final class ReplicaProcess {

    final String name;
    final Process process;
    final Path output;

    private ReplicaProcess(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    static ReplicaProcess start(
            TestDatabase db, String location, String name, int lockTimeoutSeconds, Path dir, String... extra)
            throws IOException {
        return start(db.url(), db.user(), db.password(), location, name, lockTimeoutSeconds, dir, extra);
    }

    /** A replica that logs in as the given user. */
    static ReplicaProcess start(
            String url,
            String user,
            String password,
            String location,
            String name,
            int lockTimeoutSeconds,
            Path dir,
            String... extra)
            throws IOException {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx128m",
                "-cp",
                classpath,
                MigrateProcessMain.class.getName(),
                url,
                user,
                password,
                location,
                name,
                Integer.toString(lockTimeoutSeconds)));
        command.addAll(List.of(extra));
        Path output = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        return new ReplicaProcess(name, process, output);
    }

    int awaitExit(long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(name + " did not finish in " + seconds + " s:\n" + output());
        }
        return process.exitValue();
    }

    String output() throws IOException {
        return Files.exists(output) ? Files.readString(output) : "";
    }

    /** The {@code RESULT executed=N} count this replica printed. */
    int executed() throws IOException {
        String text = output();
        int at = text.indexOf("RESULT executed=");
        if (at < 0) {
            throw new AssertionError(name + " printed no result:\n" + text);
        }
        int start = at + "RESULT executed=".length();
        return Integer.parseInt(text.substring(start, text.indexOf(' ', start)));
    }
}
