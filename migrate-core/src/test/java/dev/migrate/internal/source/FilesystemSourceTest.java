package dev.migrate.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSource;
import dev.migrate.MigrationSourceException;
import dev.migrate.MigrationSources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemSourceTest {

    @TempDir
    Path dir;

    @Test
    void findsOnlyFilesEndingInLowerCaseSqlDirectlyInTheFolder() throws IOException {
        write("2_second.sql", "select 2;");
        write("1_init.sql", "select 1;");
        write("3_upper.SQL", "select 3;");
        write("4_backup.sql.bak", "select 4;");
        write("notes.txt", "hello");
        write(".sql", "an id of just the extension is still a file name ending in .sql");
        Files.createDirectories(dir.resolve("sub"));
        write("sub/5_nested.sql", "select 5;");
        Files.createDirectories(dir.resolve("6_folder.sql"));

        List<MigrationResource> resources = source().resources();

        assertThat(resources)
                .extracting(MigrationResource::id)
                .containsExactlyInAnyOrder("1_init.sql", "2_second.sql", ".sql");
    }

    @Test
    void idIsTheBareFileNameAndLocationNamesTheFolder() throws IOException {
        write("20240101120000-add_users.sql", "create table users (id int);");

        MigrationResource resource = source().resources().get(0);

        assertThat(resource.id()).isEqualTo("20240101120000-add_users.sql");
        assertThat(resource.location()).isEqualTo("filesystem:" + dir + "/20240101120000-add_users.sql");
    }

    @Test
    void eachOpenReadsTheFileAfresh() throws IOException {
        write("1_init.sql", "select 1;");
        MigrationResource resource = source().resources().get(0);

        assertThat(read(resource)).isEqualTo("select 1;");
        assertThat(read(resource)).isEqualTo("select 1;");
        try (InputStream first = resource.open();
                InputStream second = resource.open()) {
            assertThat(first.read()).isEqualTo('s');
            assertThat(second.readAllBytes()).asString(StandardCharsets.UTF_8).isEqualTo("select 1;");
        }
        write("1_init.sql", "select 42;");
        assertThat(read(resource)).isEqualTo("select 42;");
    }

    @Test
    void listsAfreshOnEachCall() throws IOException {
        MigrationSource source = source();
        assertThat(source.resources()).isEmpty();

        write("1_init.sql", "select 1;");

        assertThat(source.resources()).extracting(MigrationResource::id).containsExactly("1_init.sql");
    }

    @Test
    void missingFolderIsAnErrorNamingIt() {
        Path missing = dir.resolve("no-such-folder");
        MigrationSource source = MigrationSources.fromLocations(List.of("filesystem:" + missing), loader());

        assertThatThrownBy(source::resources)
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("filesystem:" + missing)
                .hasMessageContaining("not found");
    }

    @Test
    void aFileInsteadOfAFolderIsAnError() throws IOException {
        write("1_init.sql", "select 1;");
        MigrationSource source =
                MigrationSources.fromLocations(List.of("filesystem:" + dir.resolve("1_init.sql")), loader());

        assertThatThrownBy(source::resources)
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining("is not a folder");
    }

    @Test
    void relativePathsStartAtTheWorkingDirectory() {
        Path folder = Path.of("src/test/resources/db/source-test/classpath");
        assertThat(folder).as("tests run from the module folder").isDirectory();
        MigrationSource source = MigrationSources.fromLocations(List.of("filesystem:" + folder), loader());

        assertThat(source.resources()).extracting(MigrationResource::id).containsExactly("1_init.sql", "2_second.sql");
    }

    private MigrationSource source() {
        return MigrationSources.fromLocations(List.of("filesystem:" + dir), loader());
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    private static ClassLoader loader() {
        return FilesystemSourceTest.class.getClassLoader();
    }

    static String read(MigrationResource resource) throws IOException {
        try (InputStream in = resource.open()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
