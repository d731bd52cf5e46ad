package dev.migrate.internal.checksum;

import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A file's fingerprint: what its source can tell about its content without reading it, recorded
 * beside the checksum in the side table so that a later run can take the recorded checksum for an
 * unchanged file instead of reading and hashing it (docs/format.md, "Checksums and
 * fingerprints"). The trust rule:
 *
 * <ul>
 *   <li>a jar entry: its uncompressed size and CRC-32 as the zip's central directory lists them
 *       ({@code zip:<size>:<crc hex>}), read with the listing; an entry without them has none;
 *   <li>a file on a file system: its size and modification time to the nanosecond as the file
 *       system reports it ({@code file:<size>:<nanoseconds since the epoch>}), only when that time
 *       is trustworthy: not before {@link #TRUSTED_FROM} (1980-01-02: build tools that normalise
 *       times for reproducible images write the epoch, the epoch plus a second, or the zip epoch
 *       1980-01-01, so an edit keeps the time) and not within the last seconds (see the source's
 *       own rule for files modified just now, which have no version either);
 *   <li>anything else (a custom {@code MigrationSource}, a native image's resources): none.
 * </ul>
 *
 * <p>A recorded fingerprint is only ever trusted for the checksum it was recorded with: the side
 * table holds it {@linkplain #bound bound} to that checksum, so a checksum written later by
 * anything that does not know fingerprints (an older release, a repair, a hand edit) unbinds it.
 */
public final class Fingerprint {

    /** File times before this are not trusted: normalised by a build, they stay the same across edits. */
    public static final Instant TRUSTED_FROM =
            Instant.ofEpochSecond(315_619_200L); // 1980-01-02T00:00:00Z, not parsed: on every boot's path

    private static final long TRUSTED_FROM_NANOS = TimeUnit.SECONDS.toNanos(TRUSTED_FROM.getEpochSecond());

    /** How many hex digits of the checksum a recorded fingerprint carries. */
    public static final int CHECKSUM_DIGITS = 16;

    private Fingerprint() {}

    /** A jar entry's fingerprint, or null when the zip does not list its size or CRC. */
    public static @Nullable String ofZipEntry(long size, long crc) {
        if (size < 0 || crc < 0) {
            return null;
        }
        return "zip:" + size + ":" + Long.toHexString(crc);
    }

    /** A file's fingerprint, or null when its modification time is not trusted. */
    public static @Nullable String ofFile(long size, FileTime modified) {
        return ofFile(size, modified.to(TimeUnit.NANOSECONDS));
    }

    /** As {@link #ofFile(long, FileTime)}, the time in nanoseconds since the epoch. */
    public static @Nullable String ofFile(long size, long modifiedNanos) {
        if (modifiedNanos < TRUSTED_FROM_NANOS) {
            return null;
        }
        return "file:" + size + ":" + modifiedNanos;
    }

    /**
     * What the side table records: the fingerprint and, after a slash, the start of the checksum
     * of the bytes it was taken for. A recorded value vouches for that checksum only.
     */
    public static String bound(String fingerprint, String checksum) {
        return fingerprint + "/" + checksum.substring(0, Math.min(CHECKSUM_DIGITS, checksum.length()));
    }
}
