package dev.migrate.boot;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationSources;
import dev.migrate.Migrator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.ResourceHints;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * Resource hints for a native image: the {@code .sql} files of the classpath migration locations
 * (and the folders, so that they can be listed) are built into the image. This registrar covers
 * the default location; {@link MigrateAotProcessor} adds the locations configured at build time.
 * {@code filesystem:} locations need no hints.
 */
final class MigrateLocationHints implements RuntimeHintsRegistrar {

    static final String DEFAULT_LOCATION = Migrator.DEFAULT_LOCATION;

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        register(hints.resources(), List.of(DEFAULT_LOCATION));
    }

    /** Registers each classpath location's folder and its {@code *.sql} files. */
    static void register(ResourceHints resources, List<String> locations) {
        for (String location : locations) {
            String folder = classpathFolder(location);
            if (folder != null) {
                resources.registerPattern(folder);
                resources.registerPattern(folder + "/*.sql");
            }
        }
    }

    /**
     * The folder of a {@code classpath:} (or unprefixed) location, read by the core's parser; null
     * for any other, and for one the core refuses (the run names it at start-up).
     */
    static @Nullable String classpathFolder(String location) {
        try {
            return MigrationSources.classpathFolder(location);
        } catch (MigrationConfigurationException e) {
            return null;
        }
    }
}
