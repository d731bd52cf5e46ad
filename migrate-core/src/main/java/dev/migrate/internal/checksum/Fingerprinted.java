package dev.migrate.internal.checksum;

import org.jspecify.annotations.Nullable;

/**
 * A migration resource that can tell its {@link Fingerprint} without being read: migrate's own
 * sources' files and jar entries. A custom {@code MigrationSource}'s resources do not implement it,
 * and theirs are read and hashed whenever a checksum is compared.
 */
public interface Fingerprinted {

    /** Its fingerprint as it was listed, or null when it has none that can be trusted. */
    @Nullable
    String fingerprint();
}
