package dev.migrate.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSourceException;
import dev.migrate.MigrationSources;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classpath folder whose URL is neither a file nor a jar entry, as a native image's {@code
 * resource:} URLs are, is listed through the NIO file system of its scheme.
 */
class ResourceUrlSourceTest {

    @TempDir
    Path temp;

    @BeforeEach
    void closedFileSystem() {
        TestResourceFileSystemProvider.reset();
    }

    @Test
    void listsAndReadsMigrationsThroughTheFileSystemOfTheUrlsScheme() throws Exception {
        Path folder = Files.createDirectories(temp.resolve("db/migrations"));
        Files.writeString(folder.resolve("2_rows.sql"), "-- +migrate Up\ninsert into t values (1);\n");
        Files.writeString(folder.resolve("1_table.sql"), "-- +migrate Up\ncreate table t (id int);\n");
        Files.writeString(folder.resolve("notes.txt"), "not a migration");
        Files.createDirectories(folder.resolve("nested.sql"));
        ClassLoader loader =
                loaderServing("db/migrations/", TestResourceFileSystemProvider.SCHEME + ":" + folder + "/");

        List<MigrationResource> resources = MigrationSources.fromLocations(List.of("classpath:db/migrations"), loader)
                .resources();

        assertThat(resources).extracting(MigrationResource::id).containsExactly("1_table.sql", "2_rows.sql");
        assertThat(resources.get(0).location()).isEqualTo("classpath:db/migrations/1_table.sql");
        try (InputStream in = resources.get(0).open()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).contains("create table t");
        }
        assertThat(TestResourceFileSystemProvider.opened()).isTrue();
    }

    @Test
    void aSchemeNoFileSystemServesIsAClearError() {
        ClassLoader loader = loaderServing("db/migrations/", "nosuchscheme:/db/migrations/");

        assertThatThrownBy(() -> MigrationSources.fromLocations(List.of("classpath:db/migrations"), loader)
                        .resources())
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("classpath:db/migrations")
                .hasMessageContaining("nosuchscheme:");
    }

    /** A class loader that finds {@code name} only at {@code url}, a URL of its own scheme. */
    private static ClassLoader loaderServing(String name, String url) {
        URL served = url(url);
        return new ClassLoader(null) {
            @Override
            public Enumeration<URL> getResources(String wanted) {
                return wanted.equals(name) ? Collections.enumeration(List.of(served)) : Collections.emptyEnumeration();
            }
        };
    }

    @SuppressWarnings("deprecation") // URL.of(URI, handler) is Java 20+
    private static URL url(String spec) {
        try {
            return new URL(null, spec, new URLStreamHandler() {
                @Override
                protected URLConnection openConnection(URL u) {
                    return new URLConnection(u) {
                        @Override
                        public void connect() throws IOException {}
                    };
                }
            });
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }
}
