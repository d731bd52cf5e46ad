package dev.migrate.internal.plan;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSource;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.parse.MigrationParser;
import dev.migrate.internal.parse.ParsedMigration;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

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

    /** A file at one version (equals and hash written out: this runs for every file on every call). */
    private static final class Key {
        private final String id;
        private final Object version;
        private final int hash;

        Key(String id, Object version) {
            this.id = id;
            this.version = version;
            this.hash = 31 * id.hashCode() + version.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && hash == key.hash && id.equals(key.id) && version.equals(key.version);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** What reading a file at one version gave. */
    private record Parsed(String checksum, ParsedMigration parsed) {}

    /**
     * The last listing whose every file had a version: ids and versions as they were listed (taken
     * then: a resource may answer differently later), and the catalog made of them.
     */
    private record Listing(String[] ids, Object[] versions, List<Migration> migrations) {}

    private static volatile @Nullable Listing last;

    private MigrationCatalog() {}

    /**
     * Every migration of the source, parsed, in migration order (an unmodifiable list). When the
     * source lists the same files at the same versions, in the same order, as the last call did,
     * that call's list is returned again: nothing is sorted or looked up.
     *
     * @throws dev.migrate.MigrationParseException naming the file and line of the first broken
     *     file
     */
    public static List<Migration> load(MigrationSource source) {
        List<MigrationResource> listed = source.resources();
        Listing previous = last;
        if (previous != null && sameVersions(previous, listed)) {
            return previous.migrations();
        }
        List<MigrationResource> resources = new ArrayList<>(listed);
        MigrationOrder.sort(resources, MigrationResource::id);
        List<Migration> loaded = new ArrayList<>(resources.size());
        boolean allVersioned = true;
        for (MigrationResource resource : resources) {
            Migration migration = rememberedOrRead(resource);
            allVersioned &= migration.resource().version().isPresent();
            loaded.add(migration);
        }
        List<Migration> migrations = List.copyOf(loaded);
        if (allVersioned) {
            String[] ids = new String[listed.size()];
            Object[] versions = new Object[listed.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = listed.get(i).id();
                versions[i] = listed.get(i).version().orElse(null);
            }
            last = new Listing(ids, versions, migrations);
        }
        return migrations;
    }

    /** Same ids at equal versions in the same order; false if a version is unknown. */
    private static boolean sameVersions(Listing before, List<MigrationResource> now) {
        if (before.ids().length != now.size()) {
            return false;
        }
        for (int i = 0; i < now.size(); i++) {
            MigrationResource resource = now.get(i);
            Object version = resource.version().orElse(null);
            if (version == null
                    || !version.equals(before.versions()[i])
                    || !resource.id().equals(before.ids()[i])) {
                return false;
            }
        }
        return true;
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
