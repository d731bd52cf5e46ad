package dev.migrate.internal.plan;

import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationResource;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.checksum.Fingerprint;
import dev.migrate.internal.checksum.Fingerprinted;
import dev.migrate.internal.checksum.Sha256;
import dev.migrate.internal.parse.MigrationParser;
import dev.migrate.internal.parse.ParsedMigration;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A migration file that was found. Nothing of it is read until something needs its bytes: its
 * checksum is computed on the first {@link #checksum()} (or taken from the history without reading
 * the file, when the history's {@linkplain Fingerprint fingerprint} vouches for it: {@link
 * #hasChecksum}), and it is parsed only when a plan would run it (the parse computes the checksum
 * too, so a file that runs is read once before it runs; its statements are read again, streaming,
 * when it runs, and checked against that checksum). An applied file that is not run again and whose
 * fingerprint is unchanged is never opened.
 */
public final class Migration {

    private final MigrationResource resource;
    private final @Nullable String fingerprint;
    private volatile @Nullable String checksum;
    private volatile @Nullable ParsedMigration parsed;

    /** A migration not read yet: its checksum is computed when first asked for. */
    public Migration(MigrationResource resource) {
        this.resource = resource;
        this.fingerprint = resource instanceof Fingerprinted listed ? listed.fingerprint() : null;
    }

    /**
     * @param resource where it lives
     * @param checksum SHA-256 of its bytes, lower-case hex
     * @param parsed what parsing learned, or null to parse on first {@link #parsed()}
     */
    public Migration(MigrationResource resource, String checksum, @Nullable ParsedMigration parsed) {
        this(resource);
        this.checksum = checksum;
        this.parsed = parsed;
    }

    /** The file name, the id recorded in the history table. */
    public String id() {
        return resource.id();
    }

    /** Where it lives. */
    public MigrationResource resource() {
        return resource;
    }

    /** SHA-256 of its bytes, lower-case hex, reading the file on the first call if need be. */
    public String checksum() {
        String known = checksum;
        if (known != null) {
            return known;
        }
        String read;
        try (InputStream in = resource.open()) {
            read = Sha256.of(in);
        } catch (IOException e) {
            throw new MigrationSourceException("could not read " + resource.location() + ": " + e.getMessage(), e);
        }
        checksum = read;
        return read;
    }

    /** The checksum if it is known without reading the file, else null. */
    public @Nullable String knownChecksum() {
        return checksum;
    }

    /** Its fingerprint as listed, or null when it has none that can be trusted. */
    public @Nullable String fingerprint() {
        return fingerprint;
    }

    /**
     * Its fingerprint {@linkplain Fingerprint#bound bound} to its checksum, as the side row of a
     * file applied now records it; null when it has no fingerprint or its checksum is not known.
     */
    public @Nullable String boundFingerprint() {
        String listed = fingerprint;
        String known = checksum;
        return listed == null || known == null ? null : Fingerprint.bound(listed, known);
    }

    /**
     * Whether the file's bytes have the checksum {@code recorded}. When its checksum is not known
     * yet and {@code recordedFingerprint} is this file's fingerprint {@linkplain Fingerprint#bound
     * bound} to that very checksum, the answer is yes without reading the file (and the recorded
     * checksum becomes its checksum); otherwise the file is read and hashed if need be.
     *
     * @param recordedFingerprint the side table's fingerprint for the id, or null
     */
    public boolean hasChecksum(String recorded, @Nullable String recordedFingerprint) {
        String listed = fingerprint;
        if (checksum == null
                && listed != null
                && recordedFingerprint != null
                && Fingerprint.bound(listed, recorded).equals(recordedFingerprint)) {
            checksum = recorded;
            return true;
        }
        return checksum().equals(recorded);
    }

    /**
     * What parsing learned (transaction flags and statement counts), parsing the file on the first
     * call. The bytes parsed are checked against the checksum, so a file edited since it was
     * checksummed fails here, naming it, rather than being judged by other content.
     *
     * @throws dev.migrate.MigrationParseException naming the file and line if the file is broken
     * @throws MigrationPlanException if the file changed since its checksum was taken
     */
    public ParsedMigration parsed() {
        ParsedMigration known = parsed;
        if (known != null) {
            return known;
        }
        ParsedMigration read;
        String now;
        try (DigestInputStream in = Sha256.digesting(resource.open())) {
            read = MigrationParser.parse(resource.id(), in, null, statement -> {});
            now = Sha256.hex(in);
        } catch (IOException e) {
            throw new MigrationSourceException("could not read " + resource.location() + ": " + e.getMessage(), e);
        }
        String expected = checksum;
        if (expected == null) {
            // first read of the file: the bytes parsed are the ones the checksum is of
            checksum = now;
            expected = now;
        }
        if (!now.equals(expected)) {
            throw new MigrationPlanException(
                    MigrationPlanException.Reason.CHANGED_DURING_RUN,
                    id(),
                    resource.location() + " changed after this run read it (checksum " + expected + " then, " + now
                            + " now), so nothing of it ran; run again to apply the file as it is now");
        }
        parsed = read;
        return read;
    }

    /** Whether {@link #parsed()} would answer without reading the file. */
    boolean isParsed() {
        return parsed != null;
    }

    @Override
    public String toString() {
        return "Migration[" + id() + ", " + (checksum == null ? "not read" : checksum) + "]";
    }
}
