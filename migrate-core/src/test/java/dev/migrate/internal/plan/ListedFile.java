package dev.migrate.internal.plan;

import dev.migrate.MigrationResource;
import dev.migrate.internal.checksum.Fingerprinted;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A listed file with no content, only an id, a fingerprint and a version, either possibly absent. */
record ListedFile(
        String id, @Nullable String fingerprint, @Nullable Object listedVersion)
        implements MigrationResource, Fingerprinted {

    @Override
    public String location() {
        return id;
    }

    @Override
    public InputStream open() {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public Optional<Object> version() {
        return Optional.ofNullable(listedVersion);
    }
}
