package dev.migrate.internal.ddl;

import dev.migrate.internal.dialect.SingleValue;
import dev.migrate.internal.parse.ConcurrentStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a cancelled {@link ConcurrentStatement} leaves on PostgreSQL: INVALID indexes and (from
 * PostgreSQL 14) partitions still pending detach. Read before and after such a statement; what is
 * new after it (or the index a {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS} skipped because an
 * earlier cancelled build left it INVALID) fails the migration, naming the object and how to put it
 * right, so that no migration is recorded as applied with a half-built object. Indexes another
 * session is building right now are not counted.
 */
final class HalfBuiltObjects {

    private static final String INVALID_INDEXES = "select i.indexrelid::regclass::text, 'index '"
            + " || i.indexrelid::regclass::text || ' is INVALID (drop index concurrently '"
            + " || i.indexrelid::regclass::text || ', or reindex index concurrently '"
            + " || i.indexrelid::regclass::text || ')'"
            + " from pg_catalog.pg_index i where not i.indisvalid";

    /** PostgreSQL 12+: indexes another session is building now. */
    private static final String NOT_BEING_BUILT = " and i.indexrelid not in (select p.index_relid"
            + " from pg_catalog.pg_stat_progress_create_index p where p.pid <> pg_backend_pid())";

    private static final String PENDING_DETACHES = " union all select h.inhrelid::regclass::text, 'partition '"
            + " || h.inhrelid::regclass::text || ' of ' || h.inhparent::regclass::text"
            + " || ' is still pending detach (alter table ' || h.inhparent::regclass::text"
            + " || ' detach partition ' || h.inhrelid::regclass::text || ' finalize)'"
            + " from pg_catalog.pg_inherits h where h.inhdetachpending";

    private static final String NAMED_INVALID = "select i.indexrelid::regclass::text from pg_catalog.pg_index i"
            + " where i.indexrelid = to_regclass(?) and not i.indisvalid";

    private HalfBuiltObjects() {}

    /** The half-built objects of the database now: name to a line that says how to put it right. */
    static Map<String, String> read(Connection connection) throws SQLException {
        int major = connection.getMetaData().getDatabaseMajorVersion();
        String sql = INVALID_INDEXES + (major >= 12 ? NOT_BEING_BUILT : "") + (major >= 14 ? PENDING_DETACHES : "");
        Map<String, String> found = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                found.put(rows.getString(1), rows.getString(2));
            }
        }
        return found;
    }

    /**
     * What the statement left half-built: objects found now that {@code before} did not hold,
     * and the statement's own index when it is INVALID; empty text when nothing.
     */
    static String leftBy(Connection connection, Map<String, String> before, ConcurrentStatement statement)
            throws SQLException {
        Map<String, String> left = new LinkedHashMap<>(read(connection));
        left.keySet().removeAll(before.keySet());
        String named = statement.createdIndex();
        if (named != null) {
            String invalid = namedInvalid(connection, named);
            if (invalid != null && !left.containsKey(invalid)) {
                left.put(
                        invalid,
                        before.getOrDefault(invalid, "index " + invalid + " is INVALID")
                                + ": an earlier build of it was cancelled, and IF NOT EXISTS skipped it");
            }
        }
        return String.join("; ", left.values());
    }

    private static @Nullable String namedInvalid(Connection connection, String name) throws SQLException {
        return SingleValue.text(connection, NAMED_INVALID, name);
    }
}
