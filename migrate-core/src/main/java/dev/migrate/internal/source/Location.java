package dev.migrate.internal.source;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.MigrationResource;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** One configured place to look for migrations: a classpath folder or a filesystem folder. */
interface Location {

    String CLASSPATH_PREFIX = "classpath:";
    String FILESYSTEM_PREFIX = "filesystem:";

    /** The location as people should read it, prefix included: {@code classpath:db/migrations}. */
    String description();

    /**
     * The {@code .sql} files directly in this location, listed afresh on each call.
     *
     * @throws dev.migrate.MigrationSourceException if the location does not exist or cannot be read
     */
    List<MigrationResource> resources();

    /**
     * Parses {@code classpath:path}, {@code filesystem:path} or a bare {@code path} (classpath).
     *
     * @throws MigrationConfigurationException naming the location if its prefix is unknown or its
     *     path is empty
     */
    static Location parse(String location, ClassLoader classLoader) {
        String trimmed = location.strip();
        if (trimmed.isEmpty()) {
            throw new MigrationConfigurationException("locations", "A migration location is empty");
        }
        if (trimmed.startsWith(FILESYSTEM_PREFIX)) {
            return filesystem(location, trimmed.substring(FILESYSTEM_PREFIX.length()));
        }
        if (trimmed.startsWith(CLASSPATH_PREFIX)) {
            return classpath(location, trimmed.substring(CLASSPATH_PREFIX.length()), classLoader);
        }
        if (trimmed.indexOf(':') >= 0) {
            throw unknownPrefix(location, trimmed);
        }
        return classpath(location, trimmed, classLoader);
    }

    private static Location filesystem(String location, String path) {
        if (path.isBlank()) {
            throw new MigrationConfigurationException(
                    "locations", "Migration location '" + location + "' names no folder; write filesystem:path");
        }
        try {
            return new FilesystemLocation(FILESYSTEM_PREFIX + path, Path.of(path));
        } catch (InvalidPathException e) {
            throw new MigrationConfigurationException(
                    "locations", "Migration location '" + location + "' is not a valid path: " + e.getMessage(), e);
        }
    }

    private static Location classpath(String location, String path, ClassLoader classLoader) {
        String folder = stripSlashes(path);
        if (folder.isEmpty()) {
            throw new MigrationConfigurationException(
                    "locations",
                    "Migration location '" + location
                            + "' is the root of the classpath; name a folder such as classpath:db/migrations");
        }
        if (folder.contains("\\") || folder.contains("//")) {
            throw new MigrationConfigurationException(
                    "locations",
                    "Migration location '" + location
                            + "' is not a classpath folder; separate folders with single '/'");
        }
        for (String segment : folder.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new MigrationConfigurationException(
                        "locations",
                        "Migration location '" + location + "' may not contain '.' or '..' on the classpath");
            }
        }
        return new ClasspathLocation(folder, classLoader);
    }

    private static MigrationConfigurationException unknownPrefix(String location, String trimmed) {
        String prefix = trimmed.substring(0, trimmed.indexOf(':') + 1);
        boolean known = prefix.toLowerCase(Locale.ROOT).equals(CLASSPATH_PREFIX)
                || prefix.toLowerCase(Locale.ROOT).equals(FILESYSTEM_PREFIX);
        String hint = known ? " (prefixes are lower case)" : "";
        return new MigrationConfigurationException(
                "locations",
                "Migration location '" + location + "' has the unknown prefix '" + prefix + "'" + hint
                        + "; use classpath: or filesystem:");
    }

    private static String stripSlashes(String path) {
        int start = 0;
        int end = path.length();
        while (start < end && path.charAt(start) == '/') {
            start++;
        }
        while (end > start && path.charAt(end - 1) == '/') {
            end--;
        }
        return path.substring(start, end);
    }
}
