package dev.migrate.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A folder of migration files a test writes, used as a {@code filesystem:} location. */
public final class MigrationFolder {

    private final Path directory;

    public MigrationFolder(Path directory) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes (or replaces) one migration file. */
    public MigrationFolder add(String id, String content) {
        try {
            Files.writeString(directory.resolve(id), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A migration with one Up and one Down statement. */
    public MigrationFolder add(String id, String up, String down) {
        return add(id, "-- +migrate Up\n" + up + "\n\n-- +migrate Down\n" + down + "\n");
    }

    public MigrationFolder remove(String id) {
        try {
            Files.deleteIfExists(directory.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public Path directory() {
        return directory;
    }

    /** The {@code filesystem:} location of this folder. */
    public String location() {
        return "filesystem:" + directory.toAbsolutePath();
    }
}
