package dev.migrate.internal.lock;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Databases that speak PostgreSQL's protocol and answer to its JDBC driver as "PostgreSQL", but
 * whose advisory locks exclude no one, told apart by what {@code version()} answers:
 *
 * <ul>
 *   <li>CockroachDB ({@code "CockroachDB CCL v23.1.11 (…)"}): {@code pg_try_advisory_lock} is a stub
 *       that always answers true.
 *   <li>YugabyteDB ({@code "PostgreSQL 11.2-YB-2.20.1.0-b0 on …"}): advisory locks were a silent
 *       no-op in older releases, then an error unless silenced (a no-op again), and are real only
 *       in recent releases with a server flag on, which a client cannot see.
 * </ul>
 *
 * Both are distributed databases where the table lease (a row with an expiring lease, fenced
 * writes) is the lock that holds.
 */
final class PostgresLookAlikes {

    private PostgresLookAlikes() {}

    /** The database's name when {@code version()} names one whose advisory locks exclude no one, else null. */
    static @Nullable String withoutAdvisoryLocks(String version) {
        if (version.toLowerCase(Locale.ROOT).contains("cockroachdb")) {
            return "CockroachDB";
        }
        if (version.contains("-YB-") || version.toLowerCase(Locale.ROOT).contains("yugabyte")) {
            return "YugabyteDB";
        }
        return null;
    }
}
