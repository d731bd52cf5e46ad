package dev.migrate.boot;

import java.io.PrintStream;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the process's standard output for exit mode's own output when a script reads it ({@code
 * migrate.output=json}): from then on {@code System.out} is standard error, so the banner and
 * every log line (Logback and Log4j write the console to {@code System.out} by default) go there,
 * and stdout holds the JSON alone.
 */
final class StandardOutput {

    private static volatile @Nullable PrintStream reserved;

    private StandardOutput() {}

    /** Called once, before logging starts; later calls change nothing. */
    static synchronized void reserveForCommandOutput() {
        if (reserved == null) {
            reserved = System.out;
            System.setOut(System.err);
        }
    }

    /** Where exit mode prints: the reserved standard output, else {@code System.out}. */
    static PrintStream out() {
        PrintStream out = reserved;
        return out != null ? out : System.out;
    }
}
