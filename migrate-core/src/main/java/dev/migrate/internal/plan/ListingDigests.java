package dev.migrate.internal.plan;

import dev.migrate.MigrationResource;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@linkplain CatalogDigest catalog digests} of the last listings any Migrator of this JVM
 * computed one for, by the listing's ids and versions: a newly built Migrator whose source lists
 * the very same files, unchanged, knows the digest without sorting the files, making a catalog of
 * them or hashing anything, and a no-op {@code up} is then the listing and one query. A service
 * that builds a Migrator per tenant database, or a second application context, lists the same
 * folder again and again.
 *
 * <p>The one part of a Migrator's memory shared with the other Migrators of the JVM (see {@link
 * dev.migrate.internal.run.RunMemory}), because it is small and a pure function of what it is kept
 * by: ids, versions and a digest, never a migration's content or parse. A version is what its
 * source reads with the listing (a file's folder, file key, size and modification time; a jar
 * entry's URL, size and CRC), and the digest depends only on the ids and the fingerprints those
 * versions give, so an equal listing has the same digest; an edited file has another version.
 * Only digests that could be computed are kept (every file with a fingerprint, see {@link
 * CatalogDigest#compute}), so a source whose resources have versions but no fingerprint keeps
 * nothing here. Bound: the last {@value #MAX_LISTINGS} listings of at most {@value
 * #MAX_LISTED} files each.
 *
 * <p>Thread safety: the listings are an immutable array replaced whole, so two threads that
 * remember at once may drop one another's entry (each is then computed again), and a reader sees
 * one array or the other.
 */
public final class ListingDigests {

    /** How many listings are kept; the oldest goes first. */
    static final int MAX_LISTINGS = 8;

    /** Larger listings are not kept. */
    static final int MAX_LISTED = 10_000;

    private static final ListingDigests SHARED = new ListingDigests();

    private record Entry(ListedVersions listed, String digest) {}

    private volatile Entry[] entries = new Entry[0];

    ListingDigests() {}

    /** The instance every Migrator of this JVM shares. */
    public static ListingDigests shared() {
        return SHARED;
    }

    /** The digest computed for this very listing (same ids, equal versions, same order), or null. */
    public @Nullable String of(List<MigrationResource> listed) {
        for (Entry entry : entries) {
            if (entry.listed().matches(listed)) {
                return entry.digest();
            }
        }
        return null;
    }

    /**
     * Keeps {@code digest} for {@code listed}, the newest of the listings kept; nothing is kept for
     * a listing with a resource without a version, or one above the bound.
     *
     * @param digest the catalog digest of the catalog made of {@code listed}
     */
    public void remember(List<MigrationResource> listed, String digest) {
        if (listed.size() > MAX_LISTED) {
            return;
        }
        ListedVersions versions = ListedVersions.of(listed);
        if (versions == null) {
            return;
        }
        Entry[] before = entries;
        Entry[] after = new Entry[Math.min(before.length + 1, MAX_LISTINGS)];
        after[0] = new Entry(versions, digest);
        System.arraycopy(before, 0, after, 1, after.length - 1);
        entries = after;
    }

    /** How many listings are kept now (for tests). */
    int size() {
        return entries.length;
    }
}
