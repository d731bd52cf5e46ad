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
 * <p>What was parsed is remembered for the life of the process, keyed by the file's {@linkplain
 * MigrationResource#version() version} (its path, size and modification time, or a jar entry's
 * URL, size and CRC): a file whose version is unchanged is not read again, so later runs, new
 * {@code Migrator} instances and status calls from a health check cost a directory listing, not a
 * parse of every file. A resource without a version is read every time. Only the parse result
 * and checksum are kept, never the resource (so no class loader is held).
 */
public final class MigrationCatalog {

    /** More distinct file versions than this in one process, and the memory starts afresh. */
    static final int MAX_REMEMBERED = 10_000;

    private static final ConcurrentMap<Key, Parsed> PARSED = new ConcurrentHashMap<>();

    /** A file at one version. */
    private record Key(String id, Object version) {}

    /** What reading a file at one version gave. */
    private record Parsed(String checksum, ParsedMigration parsed) {}

    private MigrationCatalog() {}

    /**
     * Every migration of the source, parsed, in migration order.
     *
     * @throws dev.migrate.MigrationParseException naming the file and line of the first broken
     *     file
     */
    public static List<Migration> load(MigrationSource source) {
        List<MigrationResource> resources = new ArrayList<>(source.resources());
        resources.forEach(resource -> MigrationOrder.validate(resource.id()));
        resources.sort(Comparator.comparing(MigrationResource::id, MigrationOrder.INSTANCE));
        List<Migration> migrations = new ArrayList<>(resources.size());
        for (MigrationResource resource : resources) {
            migrations.add(rememberedOrRead(resource));
        }
        return migrations;
    }

    private static Migration rememberedOrRead(MigrationResource resource) {
        Object version = resource.version().orElse(null);
        if (version == null) {
            return read(resource);
        }
        Key key = new Key(resource.id(), version);
        Parsed known = PARSED.get(key);
        if (known != null) {
            return new Migration(resource, known.checksum(), known.parsed());
        }
        Migration migration = read(resource);
        if (PARSED.size() >= MAX_REMEMBERED) {
            PARSED.clear();
        }
        PARSED.put(key, new Parsed(migration.checksum(), migration.parsed()));
        return migration;
    }

    private static Migration read(MigrationResource resource) {
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
