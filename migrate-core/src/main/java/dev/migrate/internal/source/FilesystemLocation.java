package dev.migrate.internal.source;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.checksum.Fingerprint;
import dev.migrate.internal.checksum.Fingerprinted;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** A folder on disk, relative to the working directory or absolute. */
record FilesystemLocation(String description, Path folder) implements Location {

    @Override
    public List<MigrationResource> resources() {
        try {
            return Collections.unmodifiableList(FileResource.list(folder, description));
        } catch (NoSuchFileException e) {
            throw new MigrationSourceException(
                    "Migration location " + description + " not found: no folder " + folder.toAbsolutePath(), e);
        } catch (NotDirectoryException e) {
            throw new MigrationSourceException(
                    "Migration location " + description + " is not a folder: " + folder.toAbsolutePath(), e);
        } catch (IOException e) {
            throw new MigrationSourceException(
                    "Cannot list migration location " + description + " (" + folder.toAbsolutePath() + "): " + e, e);
        }
    }

    static String child(String description, String name) {
        return description.endsWith("/") ? description + name : description + "/" + name;
    }

    /**
     * What identifies one state of a file on disk: its folder's absolute path (the id gives the
     * name), its file key (device and inode where the platform has one), size and modification
     * time. A rewrite, an edit or a replacement by rename changes one of them.
     */
    record FileVersion(String folder, @Nullable Object fileKey, long size, long modifiedNanos) {

        // Written out, not generated: equals runs for every file on each later call of a Migrator
        // (its listing compared with the last one), and a record's generated equals is a method
        // handle linked at its first call and slow until compiled, which made that second call
        // about five times slower (docs/benchmarks.md, "Plain code unless measured"). hashCode
        // agrees with it.
        @Override
        public boolean equals(Object other) {
            return other instanceof FileVersion version
                    && size == version.size
                    && modifiedNanos == version.modifiedNanos
                    && Objects.equals(fileKey, version.fileKey)
                    && folder.equals(version.folder);
        }

        @Override
        public int hashCode() {
            return 31 * Long.hashCode(size) + Long.hashCode(modifiedNanos);
        }
    }

    /**
     * A file read from disk on each {@link #open()}; nothing is kept in memory. Its version is read
     * once, when the folder is listed, and its {@linkplain Fingerprint fingerprint} (size and
     * modification time) comes from that version: a file modified in the last seconds has neither.
     */
    record FileResource(
            String id,
            String locationDescription,
            Path path,
            @Nullable FileVersion fileVersion) implements MigrationResource, Fingerprinted {

        /** How old a modification must be before the file's time is trusted to show the next one. */
        static final long SETTLED_MILLIS = 2_000;

        /**
         * The migrations ({@code *.sql} regular files, links followed) directly in {@code folder},
         * in no particular order. One directory read for the names and one {@code stat} per
         * {@code .sql} name: this runs on every call, so it builds no strings per file.
         *
         * @throws NoSuchFileException if there is no such folder
         * @throws NotDirectoryException if it is not a folder
         */
        static List<FileResource> list(Path folder, String locationDescription) throws IOException {
            String[] names = folder.toFile().list();
            if (names == null) {
                throw whyNotListed(folder);
            }
            String absoluteFolder = folder.toAbsolutePath().toString();
            long settledBefore = System.currentTimeMillis() - SETTLED_MILLIS;
            List<FileResource> found = new ArrayList<>(names.length);
            for (String name : names) {
                if (!name.endsWith(".sql")) {
                    continue;
                }
                Path path = folder.resolve(name);
                BasicFileAttributes attributes;
                try {
                    attributes = Files.readAttributes(path, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    continue; // a dangling link, or removed while listing
                }
                if (!attributes.isRegularFile()) {
                    continue;
                }
                // File times are only as fine as the kernel's clock tick, so a file modified in the
                // last seconds may change again without its time changing: such a file has no
                // version and is read every time (as git treats "racily clean" files).
                long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
                FileVersion version = TimeUnit.NANOSECONDS.toMillis(modified) < settledBefore
                        ? new FileVersion(absoluteFolder, attributes.fileKey(), attributes.size(), modified)
                        : null;
                found.add(new FileResource(name, locationDescription, path, version));
            }
            return found;
        }

        /** java.io.File says nothing about why a folder could not be listed; the NIO calls name the cause. */
        private static IOException whyNotListed(Path folder) {
            if (!Files.exists(folder)) {
                return new NoSuchFileException(folder.toString());
            }
            if (!Files.isDirectory(folder)) {
                return new NotDirectoryException(folder.toString());
            }
            try (DirectoryStream<Path> unused = Files.newDirectoryStream(folder)) {
                return new IOException("the folder " + folder + " could not be listed");
            } catch (IOException e) {
                return e;
            }
        }

        @Override
        public String location() {
            return child(locationDescription, id);
        }

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public Optional<Object> version() {
            return Optional.ofNullable(fileVersion);
        }

        @Override
        public @Nullable String fingerprint() {
            FileVersion version = fileVersion;
            return version == null ? null : Fingerprint.ofFile(version.size(), version.modifiedNanos());
        }
    }
}
