package dev.migrate.boot;

import java.util.List;
import java.util.Locale;
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

    static final String DEFAULT_LOCATION = "classpath:db/migrations";

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

    /** The folder of a {@code classpath:} (or unprefixed) location; null for any other. */
    static @Nullable String classpathFolder(String location) {
        String trimmed = location.strip();
        String path;
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("classpath:")) {
            path = trimmed.substring("classpath:".length());
        } else if (trimmed.indexOf(':') < 0) {
            path = trimmed;
        } else {
            return null;
        }
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? null : path;
    }
}
