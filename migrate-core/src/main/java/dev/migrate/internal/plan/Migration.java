package dev.migrate.internal.plan;

import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationResource;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.checksum.Sha256;
import dev.migrate.internal.parse.MigrationParser;
import dev.migrate.internal.parse.ParsedMigration;
import java.io.IOException;
import java.security.DigestInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A migration file that was found and checksummed. It is parsed only when a plan would run it (its
 * statements are read again, streaming, when it runs): an applied file that is not run again needs
 * no parse.
 */
public final class Migration {

    private final MigrationResource resource;
    private final String checksum;
    private volatile @Nullable ParsedMigration parsed;

    /**
     * @param resource where it lives
     * @param checksum SHA-256 of its bytes, lower-case hex
     * @param parsed what parsing learned, or null to parse on first {@link #parsed()}
     */
    public Migration(MigrationResource resource, String checksum, @Nullable ParsedMigration parsed) {
        this.resource = resource;
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

    /** SHA-256 of its bytes, lower-case hex. */
    public String checksum() {
        return checksum;
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
        if (!now.equals(checksum)) {
            throw new MigrationPlanException(
                    MigrationPlanException.Reason.CHANGED_DURING_RUN,
                    id(),
                    resource.location() + " changed after this run read it (checksum " + checksum + " then, " + now
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
        return "Migration[" + id() + ", " + checksum + "]";
    }
}
