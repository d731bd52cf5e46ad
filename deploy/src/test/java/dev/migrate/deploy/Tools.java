package dev.migrate.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Programs the external-tools tests need: found on the PATH, or a failure that says how to get them. */
final class Tools {

    private Tools() {}

    /** The program's path; fails (never skips) when it is not installed. */
    static Path require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError(program + " is not installed (not on the PATH): install Debian's " + debianPackage
                + " package (apt-get install -y " + debianPackage + "), as .ci/run does");
    }

    /** Runs a program to its end, at most two minutes; returns its exit code and output. */
    static Result run(List<String> command, Path workDir) throws IOException, InterruptedException {
        Path output = Files.createTempFile("tool", ".log");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command))
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not end within 2 minutes");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    record Result(int exitCode, String output) {}
}
