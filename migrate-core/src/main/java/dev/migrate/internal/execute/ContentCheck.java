package dev.migrate.internal.execute;

import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.checksum.Sha256;
import dev.migrate.internal.plan.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;

/**
 * Makes sure that what runs is what was checksummed. A migration's checksum is taken when the
 * run plans, and the file is read again, streaming, when it runs; a file edited in between (while
 * the replica waited for the lock, say) must not run as other content than the checksum the
 * history records. So the bytes that run are hashed as they stream, once: a transactional
 * migration checks them before it commits (and rolls back on a difference), a {@code
 * notransaction} one after its last statement (and is marked failed). Where statements commit as
 * they run (a {@code notransaction} migration, or DDL that commits implicitly) the file is also
 * hashed just before it runs, so that nothing of an edited file runs. Either way the file is
 * streamed, never held in memory.
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
        String now;
        try (InputStream in = migration.resource().open()) {
            now = Sha256.of(in);
        } catch (IOException e) {
            throw new MigrationSourceException(
                    "could not read " + migration.resource().location() + ": " + e.getMessage(), e);
        }
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
        return Sha256.digesting(in);
    }

    /**
     * Fails if the bytes read through {@code ran} (the whole file) are not the planned file.
     *
     * @throws MigrationPlanException naming the file when they differ
     */
    static void afterRunning(Migration migration, DigestInputStream ran, boolean transactional) {
        String read = Sha256.hex(ran);
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
}
