package dev.migrate.bench;

import java.io.IOException;
import java.io.Writer;

/**
 * One migration of a workload, independent of any tool: its number (1, 2, ...), a short name, and
 * the up SQL, one statement per line ending in {@code ;}, written by a body so that a 50 MB script
 * is streamed to disk rather than held in memory.
 */
record MigrationScript(int number, String name, Body body) {

    /** Writes the up SQL of a migration. */
    @FunctionalInterface
    interface Body {
        void writeTo(Writer out) throws IOException;
    }
}
