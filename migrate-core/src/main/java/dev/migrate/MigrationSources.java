package dev.migrate;

import dev.migrate.internal.source.Locations;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Builds a {@link MigrationSource} from location strings. */
public final class MigrationSources {

    private MigrationSources() {}

    /**
     * A source over the given locations.
     *
     * <ul>
     *   <li>{@code classpath:path}: a folder on the classpath of {@code classLoader}, found in
     *       classes on disk, in jars and in Spring Boot executable jars. Leading and trailing
     *       slashes are ignored. If several classpath entries hold the folder, their files are
     *       merged. A jar's folder is found only if the jar has an entry for the directory, as jars
     *       built by Maven, Gradle and the {@code jar} tool do.
     *   <li>{@code filesystem:path}: a folder on disk, absolute or relative to the working
     *       directory.
     *   <li>no prefix: classpath, as in Flyway.
     * </ul>
     *
     * <p>A migration is a file directly in a location (no recursion) whose name ends in {@code
     * .sql}, case-sensitively; its id is that file name. Locations are checked here; they are
     * listed on each call of {@link MigrationSource#resources()}, which returns the migrations in
     * the order they apply (by leading number, then by name, exactly as sql-migrate sorts them; see
     * docs/format.md) and reads no file content.
     *
     * <p>Unlike Flyway, which only warns, a location that does not exist (a missing folder, or a
     * classpath folder that no classpath entry holds) makes {@code resources()} fail with a {@link
     * dev.migrate.MigrationSourceException} naming it: a typo must not silently mean "no
     * migrations". An existing folder without migrations is fine. {@code resources()} fails the
     * same way if two locations, or two classpath entries, hold the same id, or an id's leading
     * number does not fit 64 bits.
     *
     * @throws MigrationConfigurationException naming the location if one has an unknown prefix
     *     (such as {@code s3:}), names no folder, or is listed twice; or if there are no locations
     */
    public static MigrationSource fromLocations(List<String> locations, ClassLoader classLoader) {
        return Locations.source(locations, classLoader);
    }

    /**
     * The classpath folder one location names, as {@link #fromLocations} reads it: {@code
     * db/migrations} for {@code classpath:/db/migrations/} or {@code db/migrations}; null for a
     * {@code filesystem:} location. Nothing is listed: for tools that need the folder itself (the
     * Spring Boot starter registers it for a native image).
     *
     * @throws MigrationConfigurationException naming the location if {@link #fromLocations} would
     *     refuse it
     */
    public static @Nullable String classpathFolder(String location) {
        return Locations.classpathFolder(location);
    }

    /**
     * The folder one {@code filesystem:} location names, as {@link #fromLocations} reads it; null
     * for a classpath location. Nothing is listed, and the folder need not exist.
     *
     * @throws MigrationConfigurationException naming the location if {@link #fromLocations} would
     *     refuse it
     */
    public static @Nullable Path filesystemFolder(String location) {
        return Locations.filesystemFolder(location);
    }
}
