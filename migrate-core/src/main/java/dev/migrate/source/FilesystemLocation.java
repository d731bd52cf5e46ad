package dev.migrate.source;

import dev.migrate.MigrationSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A folder on disk, relative to the working directory or absolute. */
record FilesystemLocation(String description, Path folder) implements Location {

    @Override
    public List<MigrationResource> resources() {
        if (!Files.exists(folder)) {
            throw new MigrationSourceException(
                    "Migration location " + description + " not found: no folder " + folder.toAbsolutePath());
        }
        if (!Files.isDirectory(folder)) {
            throw new MigrationSourceException(
                    "Migration location " + description + " is not a folder: " + folder.toAbsolutePath());
        }
        List<MigrationResource> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(".sql") && Files.isRegularFile(entry)) {
                    found.add(new FileResource(name, child(description, name), entry));
                }
            }
        } catch (IOException e) {
            throw new MigrationSourceException(
                    "Cannot list migration location " + description + " (" + folder.toAbsolutePath() + "): " + e, e);
        }
        return found;
    }

    static String child(String description, String name) {
        return description.endsWith("/") ? description + name : description + "/" + name;
    }

    /** A file read from disk on each {@link #open()}; nothing is kept in memory. */
    record FileResource(String id, String location, Path path) implements MigrationResource {

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }
}
