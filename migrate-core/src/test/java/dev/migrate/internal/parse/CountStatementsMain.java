package dev.migrate.internal.parse;

import dev.migrate.Direction;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses one migration file's Up statements and prints what it saw; run by {@link
 * LargeFileStreamingTest} in a JVM with a tiny heap.
 */
final class CountStatementsMain {

    private CountStatementsMain() {}

    public static void main(String[] args) throws IOException {
        long[] sink = new long[3]; // statements, characters, last line
        ParsedMigration parsed;
        try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
            parsed = MigrationParser.parse("seed.sql", in, Direction.UP, statement -> {
                sink[0]++;
                sink[1] += statement.sql().length();
                sink[2] = statement.line();
            });
        }
        System.out.println("up=" + parsed.upStatements() + " down=" + parsed.downStatements() + " sunk=" + sink[0]
                + " chars=" + sink[1] + " lastLine=" + sink[2] + " maxHeap="
                + Runtime.getRuntime().maxMemory());
    }
}
