/**
 * SHA-256, the one digest the engine computes itself: migration checksums (as the side table
 * records them) and the default lock keys (see {@link dev.migrate.internal.checksum.Sha256}); and
 * the {@linkplain dev.migrate.internal.checksum.Fingerprint fingerprints} recorded beside the
 * checksums, which spare reading a file whose content cannot have changed.
 */
@NullMarked
package dev.migrate.internal.checksum;

import org.jspecify.annotations.NullMarked;
