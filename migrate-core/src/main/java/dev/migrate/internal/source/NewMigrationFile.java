package dev.migrate.internal.source;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Writes a new migration file with the skeleton {@code sql-migrate new} writes. */
public final class NewMigrationFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private NewMigrationFile() {}

    public static Path create(Path directory, String name, Clock clock) {
        if (name.isBlank() || name.contains("/") || name.contains("\\")) {
            throw new MigrationConfigurationException(
                    "name", "invalid migration name '" + name + "': give a plain word");
        }
        String id = LocalDateTime.now(clock).format(STAMP) + "-" + name + ".sql";
        Path file = directory.resolve(id);
        try {
            Files.createDirectories(directory);
            Files.writeString(
                    file, "\n-- +migrate Up\n\n-- +migrate Down\n", java.nio.file.StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new MigrationSourceException("could not create " + file + ": " + e.getMessage(), e);
        }
        return file;
    }
}
