package dev.migrate.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** One migration file, wherever it lives. Each {@link #open()} reads it from the start. */
public interface MigrationResource {

    /** The file name, {@code .sql} included: the id recorded in the history table. */
    String id();

    /** Where it comes from, for people: {@code classpath:db/migrations/1_init.sql}. */
    String location();

    /** A new stream over the file's bytes; the caller closes it. */
    InputStream open() throws IOException;

    /**
     * A cheap fingerprint of the content (size and modification time of a file, size and CRC of a
     * jar entry) that changes whenever the content may have changed, so a parse and checksum can be
     * reused until then. Empty when unknown: the file is then read on every run.
     */
    default Optional<String> version() {
        return Optional.empty();
    }
}
