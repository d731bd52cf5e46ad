package dev.migrate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes generated SQL to files through a buffer, UTF-8. */
final class ScriptFiles {

    private ScriptFiles() {}

    /** Opens {@code file} for writing, replacing it. */
    static Writer open(Path file) throws IOException {
        return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16);
    }
}
