package dev.migrate.internal.plan;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSource;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.checksum.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Finds every migration, computes its checksum, then orders them. Nothing is parsed here: a file
 * is parsed when a plan would run it ({@link Migration#parsed()}; the planner parses every step
 * before anything runs, so a broken file still fails the run before anything runs), and an applied
 * file that will not run again is never parsed.
 *
 * <p>An instance remembers what it read, keyed by each file's id and {@linkplain
 * MigrationResource#version() version}, and its last listing: one part of a {@code Migrator}'s
 * memory, whose rules are stated in {@link dev.migrate.internal.run.RunMemory}. Only the checksum
 * is kept, never the resource (so no class loader is held).
 */
public final class MigrationCatalog {

    /** More distinct ids than this, and the memory starts afresh. */
    static final int MAX_REMEMBERED = 10_000;

    /**
     * What reading a file at one version gave (its checksum; a parse stays with the {@link
     * Migration} handed out, which the last listing hands out again), by id. Keyed by the id (a {@code String}) with the
     * version beside it rather than by a pair of both: a source lists an id once, and a pair type
     * would need an {@code equals} of its own on the path of every file of every call.
     */
    private final ConcurrentMap<String, Checksummed> checksums = new ConcurrentHashMap<>();

    private record Checksummed(Object version, String checksum) {}

    /**
     * The last listing whose every file had a version: ids and versions as they were listed (taken
     * then: a resource may answer differently later), and the catalog made of them.
     */
    private record Listing(String[] ids, Object[] versions, List<Migration> migrations) {}

    private volatile @Nullable Listing last;

    /** A catalog that remembers nothing yet. */
    public MigrationCatalog() {}

    /**
     * Every migration of the source, checksummed, in migration order (an unmodifiable list). When
     * the source lists the same files at the same versions, in the same order, as the last call
     * did, that call's list is returned again: nothing is sorted or looked up.
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
        Checksummed known = checksums.get(resource.id());
        if (known != null && known.version().equals(version)) {
            return new Migration(resource, known.checksum(), null);
        }
        Migration migration = read(resource);
        if (checksums.size() >= MAX_REMEMBERED) {
            checksums.clear();
        }
        checksums.put(resource.id(), new Checksummed(version, migration.checksum()));
        return migration;
    }

    private static Migration read(MigrationResource resource) {
        try (InputStream in = resource.open()) {
            return new Migration(resource, Sha256.of(in), null);
        } catch (IOException e) {
            throw new MigrationSourceException("could not read " + resource.location() + ": " + e.getMessage(), e);
        }
    }
}
