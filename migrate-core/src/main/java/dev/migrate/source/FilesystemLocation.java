package dev.migrate.source;

import dev.migrate.MigrationSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
                FileResource resource = FileResource.ifMigration(entry, description);
                if (resource != null) {
                    found.add(resource);
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

    /**
     * A file read from disk on each {@link #open()}; nothing is kept in memory. Its version (path,
     * size, modification time) is read once, when the folder is listed.
     */
    record FileResource(String id, String location, Path path, String fileVersion) implements MigrationResource {

        /** The file as a migration of the location described, or null when it is not one. */
        static @Nullable FileResource ifMigration(Path entry, String locationDescription) throws IOException {
            String name = entry.getFileName().toString();
            if (!name.endsWith(".sql")) {
                return null;
            }
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(entry, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return null; // a dangling link, or removed while listing
            }
            if (!attributes.isRegularFile()) {
                return null;
            }
            String version = entry.toAbsolutePath() + "|" + attributes.size() + "|"
                    + attributes.lastModifiedTime().toMillis();
            return new FileResource(name, child(locationDescription, name), entry, version);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public Optional<String> version() {
            return Optional.of(fileVersion);
        }
    }
}
