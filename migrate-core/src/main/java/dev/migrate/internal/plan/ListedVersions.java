package dev.migrate.internal.plan;

import dev.migrate.MigrationResource;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The ids and {@linkplain MigrationResource#version() versions} of one listing, in the order it
 * listed them, taken when it was listed (a resource may answer differently later). Another listing
 * matches when it lists the same ids at equal versions in the same order: then it lists the very
 * same files, unchanged.
 */
record ListedVersions(String[] ids, Object[] versions) {

    /** The listing's ids and versions, or null when a resource has no version (nothing to compare by). */
    static @Nullable ListedVersions of(List<MigrationResource> listed) {
        String[] ids = new String[listed.size()];
        Object[] versions = new Object[listed.size()];
        for (int i = 0; i < ids.length; i++) {
            MigrationResource resource = listed.get(i);
            Object version = resource.version().orElse(null);
            if (version == null) {
                return null;
            }
            ids[i] = resource.id();
            versions[i] = version;
        }
        return new ListedVersions(ids, versions);
    }

    /** Same ids at equal versions in the same order; false if a version is unknown. */
    boolean matches(List<MigrationResource> now) {
        if (ids.length != now.size()) {
            return false;
        }
        for (int i = 0; i < ids.length; i++) {
            MigrationResource resource = now.get(i);
            Object version = resource.version().orElse(null);
            if (version == null
                    || !version.equals(versions[i])
                    || !resource.id().equals(ids[i])) {
                return false;
            }
        }
        return true;
    }
}
