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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.loader.launch.LaunchedClassLoader;
import org.springframework.boot.loader.net.protocol.Handlers;
import org.springframework.boot.loader.net.protocol.jar.JarUrl;

/**
 * Migrations inside a Spring Boot executable jar: a jar nested (stored) in {@code BOOT-INF/lib}
 * and the {@code BOOT-INF/classes} folder, read through the class loader and URL handlers that
 * Boot's {@code JarLauncher} sets up.
 */
class SpringBootJarSourceTest {

    @TempDir
    static Path dir;

    private static Path executableJar;

    @BeforeAll
    static void buildExecutableJar() throws IOException {
        // What JarLauncher does first: Boot's handlers for jar: and nested: URLs.
        Handlers.register();
        byte[] migrationsJar = TestJars.jar()
                .text("db/migrations/1_lib.sql", "-- +migrate Up\nselect 1;\n")
                .text("db/migrations/3 odd+name%25.sql", "-- +migrate Up\nselect 3;\n")
                .text("db/migrations/4_upper.SQL", "select 4;")
                .text("db/migrations/sub/5_nested.sql", "select 5;")
                .text("db/duplicates/1_same.sql", "from the lib jar")
                .toBytes();
        executableJar = TestJars.jar()
                .text("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
                .text("BOOT-INF/classes/db/migrations/2_classes.sql", "-- +migrate Up\nselect 2;\n")
                .text("BOOT-INF/classes/db/duplicates/1_same.sql", "from classes")
                .storedBytes("BOOT-INF/lib/migrations.jar", migrationsJar)
                .writeTo(dir.resolve("app.jar"));
    }

    @Test
    void readsMigrationsFromANestedJarAndBootInfClasses() throws IOException {
        try (LaunchedClassLoader loader = launchedClassLoader()) {
            List<MigrationResource> resources =
                    new ArrayList<>(MigrationSources.fromLocations(List.of("classpath:db/migrations"), loader)
                            .resources());
            resources.sort(Comparator.comparing(MigrationResource::id));

            assertThat(resources)
                    .extracting(MigrationResource::id)
                    .containsExactly("1_lib.sql", "2_classes.sql", "3 odd+name%25.sql");
            assertThat(read(resources.get(0))).isEqualTo("-- +migrate Up\nselect 1;\n");
            assertThat(read(resources.get(1))).isEqualTo("-- +migrate Up\nselect 2;\n");
            assertThat(read(resources.get(2))).isEqualTo("-- +migrate Up\nselect 3;\n");
            assertThat(read(resources.get(0))).as("re-opened").isEqualTo("-- +migrate Up\nselect 1;\n");
        }
    }

    @Test
    void theClassLoaderReallyUsesNestedJarUrls() throws IOException {
        try (LaunchedClassLoader loader = launchedClassLoader()) {
            URL lib = loader.getResource("db/migrations/1_lib.sql");

            assertThat(lib).isNotNull();
            assertThat(lib.toString()).startsWith("jar:nested:").contains("BOOT-INF/lib/migrations.jar");
        }
    }

    @Test
    void theSameIdInBootInfClassesAndANestedJarIsAnError() throws IOException {
        try (LaunchedClassLoader loader = launchedClassLoader()) {
            MigrationSource source = MigrationSources.fromLocations(List.of("db/duplicates"), loader);

            assertThatThrownBy(source::resources)
                    .isInstanceOf(MigrationSourceException.class)
                    .hasMessageContaining("1_same.sql")
                    .hasMessageContaining("BOOT-INF/classes")
                    .hasMessageContaining("BOOT-INF/lib/migrations.jar");
        }
    }

    @Test
    void aMissingFolderIsAnErrorInsideTheJarToo() throws IOException {
        try (LaunchedClassLoader loader = launchedClassLoader()) {
            MigrationSource source = MigrationSources.fromLocations(List.of("db/migration"), loader);

            assertThatThrownBy(source::resources)
                    .isInstanceOf(MigrationSourceException.class)
                    .hasMessageContaining("classpath:db/migration not found");
        }
    }

    /** The class path JarLauncher builds: BOOT-INF/classes first, then each BOOT-INF/lib jar. */
    private static LaunchedClassLoader launchedClassLoader() {
        URL[] urls = {
            JarUrl.create(executableJar.toFile(), "BOOT-INF/classes/"),
            JarUrl.create(executableJar.toFile(), "BOOT-INF/lib/migrations.jar")
        };
        return new LaunchedClassLoader(false, urls, ClassLoader.getPlatformClassLoader());
    }
}
