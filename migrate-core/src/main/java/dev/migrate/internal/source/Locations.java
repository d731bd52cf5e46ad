package dev.migrate.internal.source;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
}
