package dev.migrate;

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
     * A cheap fingerprint of this file's content, unique across locations: versions that are
     * {@linkplain Object#equals equal} mean the same bytes (for a file its folder, file key, size
     * and modification time; for a jar entry its URL, size and CRC), so a parse and checksum can be
     * reused while it is unchanged. Any value with {@code equals} and {@code hashCode} will do (a
     * record, a string). Empty when unknown: the file is then read on every run.
     */
    default Optional<Object> version() {
        return Optional.empty();
    }
}
