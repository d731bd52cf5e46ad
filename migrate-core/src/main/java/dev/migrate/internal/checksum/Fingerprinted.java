package dev.migrate.internal.checksum;

import org.jspecify.annotations.Nullable;

/**
 * A migration resource that can tell its {@link Fingerprint} without being read: migrate's own
 * sources' files and jar entries. A custom {@code MigrationSource}'s resources do not implement it,
 * and theirs are read and hashed whenever a checksum is compared.
 */
public interface Fingerprinted {

    /**
     * Its fingerprint as it was listed, or null when it has none that can be trusted. A function of
     * what its {@linkplain dev.migrate.MigrationResource#version() version} says (a file's size and
     * time, a jar entry's size and CRC): two resources with the same id and equal versions have the
     * same fingerprint, which the catalog digests a JVM shares rely on ({@code ListingDigests}).
     */
    @Nullable
    String fingerprint();
}
