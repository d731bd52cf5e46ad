package dev.migrate.internal.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Proves the parser streams: a 1 GiB seed migration parses in a separate JVM limited to a 32 MiB
 * heap, far less than the file. The file is generated at test time and deleted afterwards.
 */
class LargeFileStreamingTest {

    private static final long SIZE = 1L << 30;

    @Test
    void oneGigabyteFileParsesInA32MegabyteHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("seed.sql");
        Path log = dir.resolve("parser.log");
        try {
            long started = System.nanoTime();
            Written written = write(file);
            long wroteMillis = (System.nanoTime() - started) / 1_000_000;

            started = System.nanoTime();
            Process process = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx32m",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CountStatementsMain.class.getName(),
                            file.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            // The output goes to a file, so the wait below is what bounds a hung parser.
            boolean exited = process.waitFor(5, TimeUnit.MINUTES);
            long parsedMillis = (System.nanoTime() - started) / 1_000_000;
            if (!exited) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, UTF_8);
            System.out.printf(
                    "%s: wrote %d bytes in %d ms, parsed in a forked JVM in %d ms: %s%n",
                    getClass().getSimpleName(), Files.size(file), wroteMillis, parsedMillis, output.strip());

            assertThat(exited)
                    .as("forked parser finished within 5 minutes: " + output)
                    .isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output)
                    .contains("up=" + written.inserts() + " down=1 sunk=" + written.inserts())
                    .contains("lastLine=" + written.lastInsertLine());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** How many Up statements the generated file holds, and the line of the last one. */
    private record Written(long inserts, long lastInsertLine) {}

    private static Written write(Path file) throws IOException {
        long inserts = 0;
        long line = 0;
        long size = 0;
        StringBuilder chunk = new StringBuilder(1 << 20);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            chunk.append("-- seed data for the streaming test\n-- +migrate Up\n");
            line += 2;
            while (size < SIZE) {
                for (int i = 0; i < 10_000; i++) {
                    inserts++;
                    chunk.append("INSERT INTO seed (id, name, note) VALUES (")
                            .append(inserts)
                            .append(", 'name-")
                            .append(inserts)
                            .append("', 'filler text so that each line is about a hundred bytes long');\n");
                }
                line += 10_000;
                byte[] bytes = chunk.toString().getBytes(UTF_8);
                out.write(bytes);
                size += bytes.length;
                chunk.setLength(0);
            }
            out.write("\n-- +migrate Down\nDELETE FROM seed;\n".getBytes(UTF_8));
        }
        return new Written(inserts, line);
    }
}
