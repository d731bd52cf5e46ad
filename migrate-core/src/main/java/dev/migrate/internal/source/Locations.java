package dev.migrate.internal.source;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Turns location strings into one {@link MigrationSource}; {@link dev.migrate.MigrationSources} says what they mean. */
public final class Locations {

    private Locations() {}

    /** The source over these locations, checked here; a location named twice is a configuration error. */
    public static MigrationSource source(List<String> locations, ClassLoader classLoader) {
        Objects.requireNonNull(locations, "locations");
        Objects.requireNonNull(classLoader, "classLoader");
        if (locations.isEmpty()) {
            throw new MigrationConfigurationException("locations", "No migration locations are configured");
        }
        List<Location> parsed = new ArrayList<>();
        for (String location : locations) {
            Location next = Location.parse(location, classLoader);
            for (Location earlier : parsed) {
                if (earlier.description().equals(next.description())) {
                    throw new MigrationConfigurationException(
                            "locations", "Migration location " + next.description() + " is listed twice");
                }
            }
            parsed.add(next);
        }
        return new CompositeSource(parsed);
    }

    /** See {@link dev.migrate.MigrationSources#classpathFolder}. */
    public static @Nullable String classpathFolder(String location) {
        return parse(location) instanceof ClasspathLocation classpath ? classpath.folder() : null;
    }

    /** See {@link dev.migrate.MigrationSources#filesystemFolder}. */
    public static @Nullable Path filesystemFolder(String location) {
        return parse(location) instanceof FilesystemLocation filesystem ? filesystem.folder() : null;
    }

    /** A location parsed to read what it names; its classpath folder is never listed. */
    private static Location parse(String location) {
        return Location.parse(Objects.requireNonNull(location, "location"), Locations.class.getClassLoader());
    }
}
