package dev.migrate.source;

import java.io.IOException;
import java.io.InputStream;

/** One migration file, wherever it lives. Each {@link #open()} reads it from the start. */
public interface MigrationResource {

    /** The file name, {@code .sql} included: the id recorded in the history table. */
    String id();

    /** Where it comes from, for people: {@code classpath:db/migrations/1_init.sql}. */
    String location();

    /** A new stream over the file's bytes; the caller closes it. */
    InputStream open() throws IOException;
}
