package dev.migrate.internal.run;

import dev.migrate.internal.history.PlanningReads;
import dev.migrate.internal.plan.CatalogDigest;
import dev.migrate.internal.plan.ListingDigests;
import dev.migrate.internal.plan.MigrationCatalog;
import dev.migrate.internal.plan.RememberedPlan;

/**
 * What one {@code Migrator} remembers from one call to the next, so that the calls a service makes
 * after its boot (a health check's {@code status()}, another {@code up()}) do not redo work whose
 * answer cannot have changed. Each {@code Migrator} has its own, made with its runner, and it goes
 * when the Migrator does; one part alone, the listing digests, is shared by every Migrator of the
 * JVM, because it holds no migration's content and a new Migrator of the same files (one per
 * tenant database, a second application context) needs nothing else to find a no-op.
 *
 * <p>The rules, for every part:
 *
 * <ul>
 *   <li><b>Listed files</b> ({@link MigrationCatalog}): the {@link
 *       dev.migrate.internal.plan.Migration} handed out for each file, kept by its id with the
 *       {@linkplain dev.migrate.MigrationResource#version() version} it was listed at (path, file
 *       key, size and modification time; a jar entry's URL, size and CRC), which the listing reads
 *       anyway, with the checksum and parse it gained since (a checksum is computed, or taken from
 *       the history by its fingerprint, only when compared; only files a plan would run are
 *       parsed). Trusted while the file lists at the same version: an edited file has another
 *       version and gets a new entry, read again when needed. A resource without a version gets a
 *       new entry every time. Bound: 10,000 ids, then it starts afresh. Why: every call, status
 *       included, lists the files, and without this reads and hashes every one whose fingerprint
 *       the history does not vouch for.
 *   <li><b>Last listing</b> ({@link MigrationCatalog}): the same ids at the same versions in the
 *       same order give the very same catalog list again. One listing. Why: it saves the sort and
 *       a look-up per file, and it is the identical list the plan part needs.
 *   <li><b>Planning reads</b> ({@link PlanningReads}): the history snapshot planning reads, keyed
 *       by the database's {@linkplain dev.migrate.internal.dialect.Dialect#historyDigest digest}
 *       of every field planning decodes, computed by the database in the same statement as the
 *       rows. A later read asks for the digest alone (one row) and trusts the remembered snapshot
 *       only when the database answers a digest it answered before; any change to a row planning
 *       reads gives another digest, and a full read. A digest is never computed in Java. Bound:
 *       64 histories, then it starts afresh. Status, validate and repair read the whole history,
 *       never from here. Why: a replica waiting for the lock checks the history again at every
 *       try, and a repeated {@code up()} reads it again; each then decodes one row instead of two
 *       per migration, still in one round trip.
 *   <li><b>Last up plan</b> ({@link RememberedPlan}): the plan for the very same catalog list and
 *       history snapshot objects (which the parts above hand out again while nothing changed),
 *       the same limit and target and the same settings. Only with checksum validation on:
 *       without it an edited file is a warning that must be logged on every call. One plan. Why:
 *       neither a waiting replica's check at each try nor a repeated {@code up()} checks every
 *       migration against the history again.
 *   <li><b>Catalog digest</b> ({@link CatalogDigest}): the digest the history would have if it
 *       held exactly the last catalog list, each migration applied with its listed fingerprint,
 *       for the very same list object. One digest. Unlike the planning reads' digest it is
 *       computed in Java as well as by the database, from a text both sides define alike
 *       ({@link dev.migrate.internal.dialect.Dialect#catalogDigest}); a different answer only
 *       costs the read of the rows. Why: an {@code up} compares it with the database's answer
 *       before it reads any row, and computing it costs a hash of two rows per migration, which
 *       a repeated {@code up()} need not pay again.
 *   <li><b>Listing digests</b> ({@link dev.migrate.internal.plan.ListingDigests}), shared by
 *       every Migrator of the JVM: the catalog digest of each of the last 8 listings (ids and
 *       versions, as the last listing above compares them). A Migrator whose source lists the
 *       same files at the same versions takes the digest from there, and an {@code up} without a
 *       target makes its catalog only if the database answers another digest. Why: a newly built
 *       Migrator otherwise sorts its files, makes a catalog entry per file and computes the
 *       digest before its first query: on 2,000 applied migrations 7–11 ms of a call of 21–30 ms,
 *       where the floor's whole check takes about 10 (docs/benchmarks.md, "a new Migrator at the
 *       floor").
 * </ul>
 *
 * <p>Each part is kept because a caller sees its gain: docs/benchmarks.md ("Caches after issue
 * 12") measures W2's calls with each part switched off in turn.
 *
 * <p>Thread safety: a Migrator is called from several threads at once (a Spring bean whose health
 * indicator and Actuator endpoint call {@code status()} while another thread runs {@code up()}).
 * Every part is a concurrent map or a volatile reference to an immutable value, and every
 * remembered value is a pure function of what it is kept by, so two threads that remember at once
 * each store a correct answer and a reader finds either or neither; no lock is held, and no call
 * waits for another.
 */
public final class RunMemory {

    private final MigrationCatalog catalog = new MigrationCatalog();
    private final PlanningReads planningReads = new PlanningReads();
    private final RememberedPlan plan = new RememberedPlan();
    private final CatalogDigest catalogDigest = new CatalogDigest();

    /** An empty memory, for one Migrator. */
    RunMemory() {}

    MigrationCatalog catalog() {
        return catalog;
    }

    PlanningReads planningReads() {
        return planningReads;
    }

    RememberedPlan plan() {
        return plan;
    }

    CatalogDigest catalogDigest() {
        return catalogDigest;
    }

    /** The one part shared with every other Migrator of the JVM. */
    ListingDigests listingDigests() {
        return ListingDigests.shared();
    }
}
