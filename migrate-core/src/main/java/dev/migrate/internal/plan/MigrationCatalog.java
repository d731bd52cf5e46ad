package dev.migrate.internal.plan;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * Finds every migration and orders them. Nothing is read here: a file's checksum is computed when
 * something compares it ({@link Migration#hasChecksum}, which takes the recorded one without
 * reading the file while its fingerprint vouches for it), and a file is parsed when a plan would
 * run it ({@link Migration#parsed()}; the planner parses every step before anything runs, so a
 * broken file still fails the run before anything runs), and an applied file that will not run
 * again is never parsed.
 *
 * <p>An instance remembers the migrations it handed out, keyed by each file's id and {@linkplain
 * MigrationResource#version() version}, with whatever they read since (checksum, parse), and its
 * last listing: one part of a {@code Migrator}'s memory, whose rules are stated in {@link
 * dev.migrate.internal.run.RunMemory}.
 */
public final class MigrationCatalog {

    /** More distinct ids than this, and the memory starts afresh. */
    static final int MAX_REMEMBERED = 10_000;

    /**
     * The migration handed out for a file at one version (with its checksum and parse once they are
     * known), by id. Keyed by the id (a {@code String}) with the version beside it rather than by a
     * pair of both: a source lists an id once, and a pair type would need an {@code equals} of its
     * own on the path of every file of every call.
     */
    private final ConcurrentMap<String, Versioned> known = new ConcurrentHashMap<>();

    private record Versioned(Object version, Migration migration) {}

    /**
     * The last listing whose every file had a version, and the catalog made of it.
     */
    private record Listing(ListedVersions listed, List<Migration> migrations) {}

    private volatile @Nullable Listing last;

    /** A catalog that remembers nothing yet. */
    public MigrationCatalog() {}

    /** As {@link #load(List)}, with the source listed now. */
    public List<Migration> load(MigrationSource source) {
        return load(source.resources());
    }

    /**
     * Every migration of a listing, not read yet (or as read before), in migration order (an
     * unmodifiable list). When it lists the same files at the same versions, in the same order, as
     * the last call's did, that call's list is returned again: nothing is sorted or looked up.
     *
     * @param listed what the source listed, in its order
     */
    public List<Migration> load(List<MigrationResource> listed) {
        Listing previous = last;
        if (previous != null && previous.listed().matches(listed)) {
            return previous.migrations();
        }
        List<MigrationResource> resources = new ArrayList<>(listed);
        MigrationOrder.sort(resources, MigrationResource::id);
        List<Migration> loaded = new ArrayList<>(resources.size());
        for (MigrationResource resource : resources) {
            loaded.add(rememberedOrRead(resource));
        }
        List<Migration> migrations = List.copyOf(loaded);
        ListedVersions versions = ListedVersions.of(listed);
        if (versions != null) {
            last = new Listing(versions, migrations);
        }
        return migrations;
    }

    private Migration rememberedOrRead(MigrationResource resource) {
        Object version = resource.version().orElse(null);
        if (version == null) {
            return new Migration(resource);
        }
        Versioned before = known.get(resource.id());
        if (before != null && before.version().equals(version)) {
            return before.migration();
        }
        Migration migration = new Migration(resource);
        if (known.size() >= MAX_REMEMBERED) {
            known.clear();
        }
        known.put(resource.id(), new Versioned(version, migration));
        return migration;
    }
}
