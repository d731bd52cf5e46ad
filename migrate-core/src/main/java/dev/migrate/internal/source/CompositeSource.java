package dev.migrate.internal.source;

import dev.migrate.MigrationResource;
import dev.migrate.MigrationSource;
import dev.migrate.MigrationSourceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The migrations of several locations together; an id may appear in only one of them. */
record CompositeSource(List<Location> locations) implements MigrationSource {

    CompositeSource {
        locations = List.copyOf(locations);
    }

    /**
     * Lists every location afresh and checks that no id is in two of them; in no particular order
     * (the catalog sorts them, once, in {@link dev.migrate.internal.plan.MigrationOrder}), an
     * unmodifiable list.
     */
    @Override
    public List<MigrationResource> resources() {
        if (locations.size() == 1) {
            // one location lists an id once
            return Collections.unmodifiableList(locations.get(0).resources());
        }
        Map<String, MigrationResource> byId = new HashMap<>();
        List<MigrationResource> all = new ArrayList<>();
        for (Location location : locations) {
            for (MigrationResource resource : location.resources()) {
                MigrationResource earlier = byId.putIfAbsent(resource.id(), resource);
                if (earlier != null) {
                    throw new MigrationSourceException("Migration id " + resource.id() + " is in two locations: "
                            + earlier.location() + " and " + resource.location());
                }
                all.add(resource);
            }
        }
        return Collections.unmodifiableList(all);
    }
}
