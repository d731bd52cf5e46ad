package dev.migrate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What every workload shares: the settings, the server, a scratch folder for generated migrations
 * and forked JVMs' output, and a console log.
 */
final class BenchmarkContext {

    private final BenchmarkSettings settings;
    private final PostgresServer server;
    private final Path workDir;
    private final Map<String, Path> migrationDirs = new HashMap<>();

    BenchmarkContext(BenchmarkSettings settings, PostgresServer server, Path workDir) {
        this.settings = settings;
        this.server = server;
        this.workDir = workDir;
    }

    BenchmarkSettings settings() {
        return settings;
    }

    PostgresServer server() {
        return server;
    }

    /** Warm-up runs, then measured runs. */
    int iterations() {
        return settings.warmups() + settings.runs();
    }

    /** Whether iteration {@code i} (from 0) is measured rather than a warm-up. */
    boolean measured(int iteration) {
        return iteration >= settings.warmups();
    }

    /** A folder for forked JVMs' output. */
    Path logDir() throws IOException {
        return Files.createDirectories(workDir.resolve("logs"));
    }

    /** The folder holding {@code scripts} in {@code tool}'s format, written on first use. */
    Path migrations(String set, Tool tool, List<MigrationScript> scripts) throws IOException {
        String key = set + "-" + tool.argument();
        Path existing = migrationDirs.get(key);
        if (existing != null) {
            return existing;
        }
        Path dir = Files.createDirectories(workDir.resolve(key));
        tool.runner().writeMigrations(dir, scripts);
        migrationDirs.put(key, dir);
        return dir;
    }

    /** Prints a progress line to the console. */
    void log(String message) {
        System.out.println(LocalTime.now().truncatedTo(ChronoUnit.SECONDS) + " " + message);
    }
}
