package dev.migrate.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSource;
import dev.migrate.MigrationSourceException;
import dev.migrate.MigrationSources;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.MigrationCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationSourcesTest {

    private static final ClassLoader LOADER = MigrationSourcesTest.class.getClassLoader();

    @TempDir
    Path dir;

    @Test
    void mergesLocationsInMigrationOrder() throws IOException {
        Files.writeString(dir.resolve("9_fs.sql"), "-- +migrate Up\nselect 9;");
        Files.writeString(dir.resolve("abc.sql"), "-- +migrate Up\nselect 'abc';");

        MigrationSource source = MigrationSources.fromLocations(
                List.of("filesystem:" + dir, "classpath:db/source-test/classpath"), LOADER);

        assertThat(source.resources())
                .extracting(MigrationResource::id)
                .containsExactlyInAnyOrder("1_init.sql", "2_second.sql", "9_fs.sql", "abc.sql");
        assertThat(new MigrationCatalog().load(source))
                .extracting(Migration::id)
                .containsExactly("1_init.sql", "2_second.sql", "9_fs.sql", "abc.sql");
    }

    @Test
    void theSameIdInTwoLocationsIsAnErrorNamingTheIdAndBoth() {
        MigrationSource source = MigrationSources.fromLocations(
                List.of("db/source-test/classpath", "classpath:db/source-test/other"), LOADER);

        assertThatThrownBy(source::resources)
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("Migration id 1_init.sql is in two locations")
                .hasMessageContaining("classpath:db/source-test/classpath/1_init.sql")
                .hasMessageContaining("classpath:db/source-test/other/1_init.sql");
    }

    @Test
    void theSameIdOnDiskAndOnTheClasspathIsAnError() throws IOException {
        Files.writeString(dir.resolve("10_other.sql"), "select 10;");
        MigrationSource source =
                MigrationSources.fromLocations(List.of("filesystem:" + dir, "db/source-test/other"), LOADER);

        assertThatThrownBy(source::resources)
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("10_other.sql")
                .hasMessageContaining("filesystem:" + dir + "/10_other.sql")
                .hasMessageContaining("classpath:db/source-test/other/10_other.sql");
    }

    @Test
    void anIdWhoseNumberOverflowsIsFoundBeforeAnyFileIsRead() throws IOException {
        Files.writeString(dir.resolve("99999999999999999999_huge.sql"), "select 1;");
        MigrationSource source = MigrationSources.fromLocations(List.of("filesystem:" + dir), LOADER);

        assertThatThrownBy(() -> new MigrationCatalog().load(source))
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("99999999999999999999_huge.sql");
    }

    @Test
    void oneMissingLocationFailsTheWholeSource() {
        MigrationSource source = MigrationSources.fromLocations(
                List.of("db/source-test/classpath", "filesystem:" + dir.resolve("typo")), LOADER);

        assertThatThrownBy(source::resources)
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("typo");
    }
}
