/**
 * SHA-256, the one digest the engine computes itself: migration checksums (as the side table
 * records them) and the default lock keys (see {@link dev.migrate.internal.checksum.Sha256}).
 */
@NullMarked
package dev.migrate.internal.checksum;

import org.jspecify.annotations.NullMarked;
