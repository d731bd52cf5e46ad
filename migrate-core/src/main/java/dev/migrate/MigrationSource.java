package dev.migrate;

import java.util.List;

/** Where migrations come from. */
public interface MigrationSource {

    /**
     * Every migration found, in no particular order, ids unique.
     *
     * @throws dev.migrate.MigrationSourceException if a location is missing or unreadable, or two
     *     locations hold the same id
     */
    List<MigrationResource> resources();
}
