package dev.migrate.plan;

import dev.migrate.MigrationSourceException;
import dev.migrate.parse.MigrationParser;
import dev.migrate.parse.ParsedMigration;
import dev.migrate.source.MigrationResource;
import dev.migrate.source.MigrationSource;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Finds every migration, parses each whole file (a broken file fails the run before anything
 * runs) and computes its checksum in the same pass, then orders them.
 *
 * <p>A catalog remembers what it parsed: a file whose {@linkplain MigrationResource#version()
 * version} (size and modification time, or a jar entry's CRC) is unchanged is not read again, so
 * the second and later runs of a process (and status calls from a health check) cost a directory
 * listing, not a parse of every file. A resource without a version is read every time.
 */
public final class MigrationCatalog {

    private final ConcurrentMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    /** A file parsed at a version. */
    private record Parsed(String version, Migration migration) {}

    /**
     * Every migration of the source, parsed, in migration order.
     *
     * @throws dev.migrate.MigrationParseException naming the file and line of the first broken
     *     file
     */
    public List<Migration> load(MigrationSource source) {
        List<MigrationResource> resources = new ArrayList<>(source.resources());
        resources.forEach(resource -> MigrationOrder.validate(resource.id()));
        resources.sort(Comparator.comparing(MigrationResource::id, MigrationOrder.INSTANCE));
        List<Migration> migrations = new ArrayList<>(resources.size());
        for (MigrationResource resource : resources) {
            migrations.add(cachedOrLoad(resource));
        }
        return migrations;
    }

    private Migration cachedOrLoad(MigrationResource resource) {
        String version = resource.version().orElse(null);
        if (version == null) {
            return load(resource);
        }
        Parsed known = parsed.get(resource.location());
        if (known != null && known.version().equals(version)) {
            return known.migration();
        }
        Migration migration = load(resource);
        parsed.put(resource.location(), new Parsed(version, migration));
        return migration;
    }

    private static Migration load(MigrationResource resource) {
        MessageDigest digest = sha256();
        ParsedMigration parsed;
        try (InputStream in = new DigestInputStream(resource.open(), digest)) {
            parsed = MigrationParser.parse(resource.id(), in, null, statement -> {});
        } catch (IOException e) {
            throw new MigrationSourceException("could not read " + resource.location() + ": " + e.getMessage(), e);
        }
        return new Migration(resource, HexFormat.of().formatHex(digest.digest()), parsed);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
