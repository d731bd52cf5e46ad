package dev.migrate;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of migration lock; see docs/locking.md for when to pick each. */
public enum LockType {
    /**
     * Pick from the database: PostgreSQL advisory (table lease behind a proxy such as PgBouncer, or
     * on a look-alike whose advisory locks exclude no one), MySQL/MariaDB named, else table lease.
     */
    AUTO("auto"),
    /** Session-level {@code pg_advisory_lock} on a 64-bit key, held by the run's connection. */
    POSTGRES_ADVISORY("postgres-advisory"),
    /** {@code GET_LOCK}/{@code RELEASE_LOCK} on the run's connection. */
    MYSQL_NAMED("mysql-named"),
    /** A row in a lock table with an expiring lease, a heartbeat and fenced history writes. */
    TABLE_LEASE("table-lease"),
    /** No lock: for deployments that migrate from one place only. */
    NONE("none");

    private final String value;

    LockType(String value) {
        this.value = value;
    }

    /** The name used in settings, e.g. {@code postgres-advisory}. */
    public String value() {
        return value;
    }

    /** Parses a setting value such as {@code table-lease} (case-insensitive, {@code _} allowed). */
    public static LockType fromValue(String text) {
        String normalized = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (LockType type : values()) {
            if (type.value.equals(normalized)) {
                return type;
            }
        }
        throw new MigrationConfigurationException(
                "lockType",
                "unknown lock type '" + text + "'; expected one of "
                        + Arrays.stream(values()).map(LockType::value).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return value;
    }
}
