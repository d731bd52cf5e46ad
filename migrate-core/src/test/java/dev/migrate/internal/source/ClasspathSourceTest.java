package dev.migrate.internal.source;

import static dev.migrate.internal.source.FilesystemSourceTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSource;
import dev.migrate.MigrationSourceException;
import dev.migrate.MigrationSources;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathSourceTest {

    private static final ClassLoader TEST_LOADER = ClasspathSourceTest.class.getClassLoader();

    @TempDir
    Path dir;

    @Test
    void readsAFolderOfClassesOnDisk() throws IOException {
        List<MigrationResource> resources = MigrationSources.fromLocations(
                        List.of("classpath:db/source-test/classpath"), TEST_LOADER)
                .resources();

        assertThat(resources).extracting(MigrationResource::id).containsExactly("1_init.sql", "2_second.sql");
        assertThat(resources)
                .extracting(MigrationResource::location)
                .containsExactly(
                        "classpath:db/source-test/classpath/1_init.sql",
                        "classpath:db/source-test/classpath/2_second.sql");
        assertThat(read(resources.get(0))).isEqualTo("-- +migrate Up\ncreate table a (id int);\n");
        assertThat(read(resources.get(0))).isEqualTo("-- +migrate Up\ncreate table a (id int);\n");
    }

    @Test
    void toleratesSlashesAndNoPrefix() {
        List<MigrationResource> resources = MigrationSources.fromLocations(
                        List.of("/db/source-test/classpath/"), TEST_LOADER)
                .resources();

        assertThat(resources).extracting(MigrationResource::id).containsExactly("1_init.sql", "2_second.sql");
    }

    @Test
    void anExistingFolderWithoutMigrationsIsEmpty() {
        assertThat(MigrationSources.fromLocations(List.of("classpath:db/source-test/empty"), TEST_LOADER)
                        .resources())
                .isEmpty();
    }

    @Test
    void aFolderNoClasspathEntryHoldsIsAnErrorNamingIt() {
        MigrationSource source = MigrationSources.fromLocations(List.of("classpath:db/source-tset"), TEST_LOADER);

        assertThatThrownBy(source::resources)
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("classpath:db/source-tset")
                .hasMessageContaining("not found");
    }

    @Test
    void readsAFolderInsideAPlainJar() throws IOException {
        Path jar = TestJars.jar()
                .text("db/migrations/1_init.sql", "select 1;")
                .text("db/migrations/2 with space+plus%25.sql", "select 2;")
                .text("db/migrations/3_\u00e9t\u00e9.sql", "select 3;")
                .text("db/migrations/4_upper.SQL", "select 4;")
                .text("db/migrations/5_backup.sql.bak", "select 5;")
                .text("db/migrations/sub/6_nested.sql", "select 6;")
                .text("db/migrations-other/7_sibling.sql", "select 7;")
                .writeTo(dir.resolve("migrations.jar"));

        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            List<MigrationResource> resources = MigrationSources.fromLocations(List.of("db/migrations"), loader)
                    .resources();

            assertThat(resources)
                    .extracting(MigrationResource::id)
                    .containsExactly("1_init.sql", "2 with space+plus%25.sql", "3_\u00e9t\u00e9.sql");
            assertThat(resources.get(0).location()).isEqualTo("classpath:db/migrations/1_init.sql");
            assertThat(read(resources.get(0))).isEqualTo("select 1;");
            assertThat(read(resources.get(1))).isEqualTo("select 2;");
            assertThat(read(resources.get(2))).isEqualTo("select 3;");
            assertThat(read(resources.get(2))).as("re-opened").isEqualTo("select 3;");
        }
    }

    @Test
    void mergesTheFolderFromSeveralClasspathEntries() throws IOException {
        Path first =
                TestJars.jar().text("db/migrations/1_first.sql", "select 1;").writeTo(dir.resolve("first.jar"));
        Path second = Files.createDirectories(dir.resolve("classes/db/migrations"));
        Files.writeString(second.resolve("2_second.sql"), "select 2;");

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {first.toUri().toURL(), dir.resolve("classes").toUri().toURL()}, null)) {
            List<MigrationResource> resources = MigrationSources.fromLocations(List.of("db/migrations"), loader)
                    .resources();

            assertThat(resources).extracting(MigrationResource::id).containsExactly("1_first.sql", "2_second.sql");
            assertThat(read(resources.get(1))).isEqualTo("select 2;");
        }
    }

    @Test
    void theSameIdInTwoClasspathEntriesIsAnErrorNamingBoth() throws IOException {
        Path first =
                TestJars.jar().text("db/migrations/1_init.sql", "select 1;").writeTo(dir.resolve("first.jar"));
        Path second =
                TestJars.jar().text("db/migrations/1_init.sql", "select 2;").writeTo(dir.resolve("second.jar"));

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {first.toUri().toURL(), second.toUri().toURL()}, null)) {
            MigrationSource source = MigrationSources.fromLocations(List.of("db/migrations"), loader);

            assertThatThrownBy(source::resources)
                    .isInstanceOf(MigrationSourceException.class)
                    .hasMessageContaining("1_init.sql")
                    .hasMessageContaining("first.jar")
                    .hasMessageContaining("second.jar");
        }
    }

    @Test
    void theSameIdInAJarAndAFolderIsAnErrorNamingEachFile() throws IOException {
        Path jar = TestJars.jar().text("db/migrations/1_init.sql", "select 1;").writeTo(dir.resolve("first.jar"));
        Path folder = Files.createDirectories(dir.resolve("classes/db/migrations"));
        Files.writeString(folder.resolve("1_init.sql"), "select 2;");

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {jar.toUri().toURL(), dir.resolve("classes").toUri().toURL()}, null)) {
            MigrationSource source = MigrationSources.fromLocations(List.of("db/migrations"), loader);

            assertThatThrownBy(source::resources)
                    .isInstanceOf(MigrationSourceException.class)
                    .hasMessageContaining("first.jar!/db/migrations/1_init.sql")
                    .hasMessageContaining(folder.resolve("1_init.sql").toString());
        }
    }
}
