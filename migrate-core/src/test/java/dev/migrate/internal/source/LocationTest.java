package dev.migrate.internal.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSources;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LocationTest {

    private static final ClassLoader LOADER = LocationTest.class.getClassLoader();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            classpath:db/migrations      | classpath:db/migrations
            db/migrations                | classpath:db/migrations
            /db/migrations/              | classpath:db/migrations
            classpath:/db/migrations     | classpath:db/migrations
            classpath:db/migrations//    | classpath:db/migrations
            '  classpath:db/migrations ' | classpath:db/migrations
            filesystem:db/migrations     | filesystem:db/migrations
            filesystem:/var/migrations   | filesystem:/var/migrations
            """)
    void readsPrefixes(String location, String description) {
        assertThat(Location.parse(location, LOADER).description()).isEqualTo(description);
    }

    @Test
    void theFolderALocationNamesIsReadByTheSameParser() {
        assertThat(MigrationSources.classpathFolder(" classpath:/db/migrations/"))
                .isEqualTo("db/migrations");
        assertThat(MigrationSources.classpathFolder("db/migrations")).isEqualTo("db/migrations");
        assertThat(MigrationSources.classpathFolder("filesystem:db")).isNull();
        assertThat(MigrationSources.filesystemFolder("filesystem:/srv/migrations"))
                .isEqualTo(Path.of("/srv/migrations"));
        assertThat(MigrationSources.filesystemFolder("classpath:db")).isNull();
        assertThatThrownBy(() -> MigrationSources.classpathFolder("s3:bucket/db"))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("unknown prefix");
    }

    @Test
    void noPrefixMeansClasspath() {
        assertThat(Location.parse("db/migrations", LOADER)).isInstanceOf(ClasspathLocation.class);
        assertThat(Location.parse("filesystem:db", LOADER))
                .isEqualTo(new FilesystemLocation("filesystem:db", Path.of("db")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3:bucket/migrations", "file:db/migrations", "http://example.com/db", "C:/migrations"})
    void unknownPrefixIsAConfigurationErrorNamingIt(String location) {
        String prefix = location.substring(0, location.indexOf(':') + 1);

        assertThatThrownBy(() -> Location.parse(location, LOADER))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("'" + location + "'")
                .hasMessageContaining("unknown prefix '" + prefix + "'");
    }

    @Test
    void prefixesAreLowerCase() {
        assertThatThrownBy(() -> Location.parse("Classpath:db/migrations", LOADER))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("'Classpath:'")
                .hasMessageContaining("lower case");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "classpath:", "classpath:/", "/", "filesystem:", "filesystem: "})
    void aLocationMustNameAFolder(String location) {
        assertThatThrownBy(() -> Location.parse(location, LOADER)).isInstanceOf(MigrationConfigurationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"classpath:db/../secret", "classpath:./db", "classpath:db//migrations", "db\\migrations"})
    void classpathFoldersUseSingleSlashesAndNoDots(String location) {
        assertThatThrownBy(() -> Location.parse(location, LOADER))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining(location);
    }

    @Test
    void noLocationsIsAConfigurationError() {
        assertThatThrownBy(() -> MigrationSources.fromLocations(List.of(), LOADER))
                .isInstanceOf(MigrationConfigurationException.class);
    }

    @Test
    void theSameLocationTwiceIsAConfigurationError() {
        assertThatThrownBy(() ->
                        MigrationSources.fromLocations(List.of("db/migrations", "classpath:/db/migrations/"), LOADER))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("classpath:db/migrations is listed twice");
    }

    @Test
    void badLocationsFailWhenTheSourceIsBuiltNotWhenItIsRead() {
        assertThatThrownBy(() -> MigrationSources.fromLocations(List.of("db/migrations", "s3:x"), LOADER))
                .isInstanceOf(MigrationConfigurationException.class)
                .hasMessageContaining("s3:");
    }
}
