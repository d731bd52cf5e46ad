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
 * <p>An instance remembers what it parsed, keyed by each file's id and {@linkplain
 * MigrationResource#version() version}, and its last listing: one part of a {@code Migrator}'s
 * memory, whose rules are stated in {@link dev.migrate.internal.run.RunMemory}. Only the parse
 * result and checksum are kept, never the resource (so no class loader is held).
 */
public final class MigrationCatalog {

    /** More distinct ids than this, and the memory starts afresh. */
    static final int MAX_REMEMBERED = 10_000;

    /**
     * What reading a file at one version gave, by id. Keyed by the id (a {@code String}) with the
     * version beside it rather than by a pair of both: a source lists an id once, and a pair type
     * would need an {@code equals} of its own on the path of every file of every call.
     */
    private final ConcurrentMap<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(Object version, String checksum, ParsedMigration parsed) {}

    /**
     * The last listing whose every file had a version: ids and versions as they were listed (taken
     * then: a resource may answer differently later), and the catalog made of them.
     */
    private record Listing(String[] ids, Object[] versions, List<Migration> migrations) {}

    private volatile @Nullable Listing last;

    /** A catalog that remembers nothing yet. */
    public MigrationCatalog() {}

    /**
     * Every migration of the source, parsed, in migration order (an unmodifiable list). When the
     * source lists the same files at the same versions, in the same order, as the last call did,
     * that call's list is returned again: nothing is sorted or looked up.
     *
     * @throws dev.migrate.MigrationParseException naming the file and line of the first broken
     *     file
     */
    public List<Migration> load(MigrationSource source) {
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

    private Migration rememberedOrRead(MigrationResource resource) {
        Object version = resource.version().orElse(null);
        if (version == null) {
            return read(resource);
        }
        Parsed known = parsed.get(resource.id());
        if (known != null && known.version().equals(version)) {
            return new Migration(resource, known.checksum(), known.parsed());
        }
        Migration migration = read(resource);
        if (parsed.size() >= MAX_REMEMBERED) {
            parsed.clear();
        }
        parsed.put(resource.id(), new Parsed(version, migration.checksum(), migration.parsed()));
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
