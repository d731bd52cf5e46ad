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
import java.util.concurrent.TimeUnit;
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
    record FileResource(
            String id, String location, Path path, @Nullable String fileVersion) implements MigrationResource {

        /** How old a modification must be before the file's time is trusted to show the next one. */
        static final long SETTLED_MILLIS = 2_000;

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
            // Path, file key (device and inode where the platform has one), size and modification
            // time: a rewrite, an edit or a replacement by rename changes one. File times are only
            // as fine as the kernel's clock tick, so a file modified in the last seconds may change
            // again without its time changing: such a file has no version and is read every time
            // (as git treats "racily clean" files).
            long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
            boolean settled = System.currentTimeMillis() - TimeUnit.NANOSECONDS.toMillis(modified) > SETTLED_MILLIS;
            String version = settled
                    ? entry.toAbsolutePath() + "|" + attributes.fileKey() + "|" + attributes.size() + "|" + modified
                    : null;
            return new FileResource(name, child(locationDescription, name), entry, version);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public Optional<String> version() {
            return Optional.ofNullable(fileVersion);
        }
    }
}
