package dev.migrate.internal.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrationSource;
import dev.migrate.MigrationSources;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.MigrationCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file's version lets its parse be reused, but only once its modification time can be trusted. */
class FileVersionTest {

    @TempDir
    Path folder;

    private MigrationSource source() {
        return MigrationSources.fromLocations(
                List.of("filesystem:" + folder), getClass().getClassLoader());
    }

    @Test
    void aSettledFileHasAVersionThatChangesWhenItIsRewritten() throws Exception {
        Path file = folder.resolve("1_a.sql");
        Files.writeString(file, "-- +migrate Up\nselect 1;\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));

        Object first = source().resources().get(0).version().orElseThrow();
        Files.writeString(file, "-- +migrate Up\nselect 2;\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(30)));

        assertThat(source().resources().get(0).version())
                .hasValueSatisfying(v -> assertThat(v).isNotEqualTo(first));
    }

    @Test
    void aJustWrittenFileHasNoVersionSoASameSizeRewriteIsReadAgain() throws Exception {
        Path file = folder.resolve("1_a.sql");
        Files.writeString(file, "-- +migrate Up\nselect 1;\n");
        assertThat(source().resources().get(0).version()).isEmpty();

        String before = checksum();
        Files.writeString(file, "-- +migrate Up\nselect 2;\n");

        assertThat(checksum()).isNotEqualTo(before);
    }

    private String checksum() {
        List<Migration> migrations = new MigrationCatalog().load(source());
        return migrations.get(0).checksum();
    }
}
