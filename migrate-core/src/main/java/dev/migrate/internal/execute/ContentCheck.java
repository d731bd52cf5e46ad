package dev.migrate.internal.execute;

import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.plan.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Makes sure that what runs is what was checksummed. A migration's checksum is taken when the
 * run plans, and the file is read again, streaming, when it runs; a file edited in between (while
 * the replica waited for the lock, say) must not run as other content than the checksum the
 * history records. So the file is hashed once more just before it runs, and the bytes that ran
 * are hashed as they stream: a transactional migration checks them before it commits (and rolls
 * back on a difference), a {@code notransaction} one after its last statement (and is marked
 * failed). Either way the file is streamed, never held in memory.
 */
final class ContentCheck {

    private ContentCheck() {}

    /**
     * Hashes the file as it is now and fails, before anything of it runs, if it is not the file
     * that was planned.
     *
     * @throws MigrationPlanException naming the file when it changed
     */
    static void beforeRunning(Migration migration) {
        MessageDigest digest = sha256();
        try (InputStream in = new DigestInputStream(migration.resource().open(), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new MigrationSourceException(
                    "could not read " + migration.resource().location() + ": " + e.getMessage(), e);
        }
        String now = HexFormat.of().formatHex(digest.digest());
        if (!now.equals(migration.checksum())) {
            throw new MigrationPlanException(
                    MigrationPlanException.Reason.CHANGED_DURING_RUN,
                    migration.id(),
                    migration.resource().location() + " changed after this run read it"
                            + " (checksum " + migration.checksum() + " then, " + now + " now), so nothing of it ran;"
                            + " run again to apply the file as it is now");
        }
    }

    /** Wraps the stream a migration runs from, so that what ran can be {@linkplain #afterRunning checked}. */
    static DigestInputStream digesting(InputStream in) {
        return new DigestInputStream(in, sha256());
    }

    /**
     * Fails if the bytes read through {@code ran} (the whole file) are not the planned file.
     *
     * @throws MigrationPlanException naming the file when they differ
     */
    static void afterRunning(Migration migration, DigestInputStream ran, boolean transactional) {
        String read = HexFormat.of().formatHex(ran.getMessageDigest().digest());
        if (read.equals(migration.checksum())) {
            return;
        }
        throw new MigrationPlanException(
                MigrationPlanException.Reason.CHANGED_DURING_RUN,
                migration.id(),
                migration.resource().location() + " changed while it ran (checksum "
                        + migration.checksum() + " planned, " + read + " read)"
                        + (transactional
                                ? "; it was rolled back and nothing of it was recorded. Run again to apply the file as it"
                                        + " is now"
                                : "; its statements ran without a transaction and stayed applied, so it is marked failed."
                                        + " Check the database, then run repair"));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
