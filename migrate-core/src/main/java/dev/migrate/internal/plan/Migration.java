package dev.migrate.internal.plan;

import dev.migrate.MigrationResource;
import dev.migrate.internal.parse.ParsedMigration;

/**
 * A migration file that was found and parsed (its statements are read again, streaming, when it
 * runs).
 *
 * @param resource where it lives
 * @param checksum SHA-256 of its bytes, lower-case hex
 * @param parsed what parsing learned: transaction flags and statement counts
 */
public record Migration(MigrationResource resource, String checksum, ParsedMigration parsed) {

    /** The file name, the id recorded in the history table. */
    public String id() {
        return resource.id();
    }
}
