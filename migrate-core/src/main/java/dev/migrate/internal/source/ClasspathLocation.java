package dev.migrate.internal.source;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.checksum.Fingerprint;
import dev.migrate.internal.checksum.Fingerprinted;
import dev.migrate.internal.source.FilesystemLocation.FileResource;
import java.io.FileNotFoundException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.ProviderNotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.jspecify.annotations.Nullable;

/**
 * A folder on the classpath: in classes on disk, in a jar, or in a Spring Boot executable jar
 * (nested jars and {@code BOOT-INF/classes}).
 *
 * <p>The class loader names every classpath entry that holds the folder ({@code
 * getResources("folder/")}); each is listed by its URL: a {@code file:} URL as a folder on disk,
 * one whose connection is a {@link JarURLConnection} (the JDK's {@code jar:} handler, or Spring
 * Boot's for nested jars) as a jar, and any other through the NIO file system installed for its
 * scheme, as a GraalVM native image serves its {@code resource:} URLs (register the files as
 * resources at build time: the starter's AOT hints do). Ids are taken from the file and entry names themselves, never decoded
 * from URLs, so names with {@code +}, {@code %} or spaces stay exact. The files of several entries
 * are merged; the same name in two of them is an error.
 */
final class ClasspathLocation implements Location {

    private final String folder;
    private final ClassLoader classLoader;

    /** {@code folder} has no leading or trailing slash. */
    ClasspathLocation(String folder, ClassLoader classLoader) {
        this.folder = folder;
        this.classLoader = classLoader;
    }

    /** The folder, without prefix or slashes at either end: {@code db/migrations}. */
    String folder() {
        return folder;
    }

    @Override
    public String description() {
        return CLASSPATH_PREFIX + folder;
    }

    @Override
    public List<MigrationResource> resources() {
        List<URL> roots = roots();
        if (roots.isEmpty()) {
            throw new MigrationSourceException("Migration location " + description()
                    + " not found: no classpath entry holds the folder " + folder
                    + " (a jar built without directory entries hides its folders)");
        }
        Map<String, Found> byId = new LinkedHashMap<>();
        for (URL root : roots) {
            for (Found found : list(root)) {
                Found earlier = byId.putIfAbsent(found.resource().id(), found);
                if (earlier != null) {
                    throw new MigrationSourceException(
                            "Migration id " + found.resource().id() + " is in "
                                    + description() + " twice, in two classpath entries: " + earlier.origin() + " and "
                                    + found.origin());
                }
            }
        }
        List<MigrationResource> resources = new ArrayList<>();
        byId.values().forEach(found -> resources.add(found.resource()));
        return resources;
    }

    private List<URL> roots() {
        try {
            return Collections.list(classLoader.getResources(folder + "/"));
        } catch (IOException e) {
            throw new MigrationSourceException("Cannot search the classpath for " + description() + ": " + e, e);
        }
    }

    private List<Found> list(URL root) {
        try {
            if ("file".equals(root.getProtocol())) {
                return listFolder(Path.of(root.toURI()));
            }
            URLConnection connection = root.openConnection();
            if (connection instanceof JarURLConnection jar) {
                return listJar(root, jar);
            }
            return listFileSystem(root);
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            throw new MigrationSourceException(
                    "Cannot list migration location " + description() + " in " + root + ": " + e, e);
        }
    }

    private List<Found> listFolder(Path path) throws IOException {
        List<Found> found = new ArrayList<>();
        String origin = path + path.getFileSystem().getSeparator();
        for (FileResource resource : FileResource.list(path, description())) {
            found.add(new Found(resource, origin));
        }
        return found;
    }

    private List<Found> listJar(URL root, JarURLConnection connection) throws IOException {
        String prefix = connection.getEntryName() == null ? "" : connection.getEntryName();
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
        List<Found> found = new ArrayList<>();
        String rootText = root.toString();
        JarFile jar = connection.getJarFile();
        try {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (entry.isDirectory() || !name.startsWith(prefix)) {
                    continue;
                }
                String fileName = name.substring(prefix.length());
                if (fileName.endsWith(".sql") && fileName.indexOf('/') < 0) {
                    long size = entry.getSize();
                    long crc = entry.getCrc();
                    // the root's text made once per listing, the entry's location and origin
                    // joined only when asked for: this runs for every entry on every call
                    String version = rootText + name + "|" + size + "|" + crc;
                    found.add(new Found(
                            new JarEntryResource(
                                    fileName, description(), root, name, version, Fingerprint.ofZipEntry(size, crc)),
                            rootText));
                }
            }
        } finally {
            if (!connection.getUseCaches()) {
                jar.close();
            }
        }
        return found;
    }

    /**
     * A folder in the NIO file system of the URL's scheme, opened on first use if the scheme's
     * provider needs that (GraalVM's {@code resource:} file system does).
     */
    private List<Found> listFileSystem(URL root) throws IOException, URISyntaxException {
        URI uri = root.toURI();
        Path folderPath;
        try {
            folderPath = pathOf(uri);
        } catch (FileSystemNotFoundException | ProviderNotFoundException e) {
            throw new MigrationSourceException(
                    "Cannot list migration location " + description() + " in " + root
                            + ": it is neither a folder nor a jar, and no file system serves " + uri.getScheme()
                            + ": URLs",
                    e);
        }
        List<Found> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folderPath, "*.sql")) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                if (Files.isDirectory(file)) {
                    continue;
                }
                found.add(new Found(new PathResource(fileName, location(fileName), file), root.toString()));
            }
        }
        found.sort(Comparator.comparing(f -> f.resource().id()));
        return found;
    }

    private Path pathOf(URI uri) throws IOException {
        try {
            return Path.of(uri);
        } catch (FileSystemNotFoundException notYetOpen) {
            try {
                FileSystems.newFileSystem(uri, Map.of(), classLoader);
            } catch (FileSystemAlreadyExistsException openedMeanwhile) {
                // another thread opened it: use that one
            }
            return Path.of(uri);
        }
    }

    private String location(String fileName) {
        return location(description(), fileName);
    }

    /** How a file of the location is named in messages: {@code classpath:db/migrations/1_init.sql}. */
    private static String location(String description, String fileName) {
        return description + "/" + fileName;
    }

    @Override
    public String toString() {
        return description();
    }

    /**
     * A migration with the folder it was found in (a path or URL ending in its separator), for
     * error messages; the two are joined only when a message needs them.
     */
    private record Found(MigrationResource resource, String folder) {

        String origin() {
            return folder + resource.id();
        }
    }

    /**
     * A file in a file system other than the default one (a native image's resources), read on
     * each {@link #open()}. It has no cheap version, so each run reads it again.
     */
    record PathResource(String id, String location, Path path) implements MigrationResource {

        @Override
        public InputStream open() throws IOException {
            return Files.newInputStream(path);
        }
    }

    /**
     * A jar entry, reached on each {@link #open()} through the URL of its folder, so nothing stays
     * open between reads beyond what the URL handler caches for every jar it opens. Its {@linkplain
     * Fingerprint fingerprint} is its size and CRC-32 from the zip's central directory, as listed.
     */
    record JarEntryResource(
            String id,
            String locationDescription,
            URL folder,
            String entryName,
            String entryVersion,
            @Nullable String fingerprint)
            implements MigrationResource, Fingerprinted {

        @Override
        public String location() {
            return ClasspathLocation.location(locationDescription, id);
        }

        /** A jar does not change under a running process: size and CRC as listed. */
        @Override
        public Optional<Object> version() {
            return Optional.of(entryVersion);
        }

        @Override
        public InputStream open() throws IOException {
            JarURLConnection connection = (JarURLConnection) folder.openConnection();
            JarFile jar = connection.getJarFile();
            JarEntry entry = jar.getJarEntry(entryName);
            if (entry == null) {
                if (!connection.getUseCaches()) {
                    jar.close();
                }
                throw new FileNotFoundException(entryName + " is no longer in " + folder);
            }
            InputStream in = jar.getInputStream(entry);
            if (connection.getUseCaches()) {
                return in;
            }
            return new FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        jar.close();
                    }
                }
            };
        }
    }
}
