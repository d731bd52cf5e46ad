package dev.migrate.internal.session;

import dev.migrate.internal.dialect.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * How one database's session state is captured and put back. Implementations read only what a
 * session may change and restore only what differs, so the driver's own session state (pgjdbc's
 * server-prepared statements, for one) survives: nothing like {@code DISCARD ALL} is used. What a
 * migration left beyond settings (locks, cursors, temporary tables, ...) is removed one by one,
 * and only where it was not there before the run.
 */
interface SessionState {

    /** What the session looks like now, in a form {@link #restore} takes back. */
    Snapshot capture(Connection connection) throws SQLException;

    /**
     * For the rest of the current transaction, acts as the user the session came as (its
     * authorization and role), whatever a migration switched to; after the transaction the
     * migration's own choice applies again.
     */
    void actAsCapturedUser(Connection connection, Snapshot captured) throws SQLException;

    /**
     * What {@link #actAsCapturedUser} sends, as statements that return nothing, for a batch; null
     * where it cannot be said so (the caller then calls {@link #actAsCapturedUser}).
     */
    default @Nullable List<String> actAsCapturedUserStatements(Snapshot captured, Dialect dialect) {
        return null;
    }

    /**
     * Whether, as far as the last {@link #capture} could tell, a proxy (PgBouncer, Pgpool) owns the
     * server connection: then settings that watch the client's connection (keepalives) would watch
     * the proxy's instead.
     */
    default boolean throughProxy(Connection connection) {
        return false;
    }

    /**
     * What the session holds beyond its settings that a migration may leave behind and the pool's
     * next borrower would inherit (PostgreSQL: session advisory locks, SQL-level prepared
     * statements, {@code WITH HOLD} cursors, temporary tables, {@code LISTEN} channels), one entry
     * each, so that {@link #discardLeftovers} removes only what was not there before the run.
     */
    default Set<Leftover> leftovers(Connection connection) throws SQLException {
        return Set.of();
    }

    /**
     * Ends table locks a migration took ({@code LOCK TABLES} on MySQL/MariaDB), which survive its
     * rollback and would make every later statement on another table fail ("was not locked with
     * LOCK TABLES"): before a failure is recorded, and before the connection goes back.
     */
    default void releaseTableLocks(Connection connection) throws SQLException {}

    /**
     * Once the run released its own lock: removes what the migrations left in the session that was
     * not in {@code before} (see {@link #leftovers}); where the database cannot list it (MySQL's
     * named locks), everything of that kind that is left.
     *
     * @return what was removed, for the log
     * @throws SQLException when something could not be removed (the guard then aborts the connection)
     */
    default List<String> discardLeftovers(Connection connection, Set<Leftover> before) throws SQLException {
        return List.of();
    }

    /** One thing a session holds, as {@link #leftovers} lists it: its kind, name and how to end it. */
    record Leftover(String kind, String name, String release) {}

    /**
     * Puts back everything that differs from {@code captured}.
     *
     * @return the names of the settings that were put back, for the log
     */
    List<String> restore(Connection connection, Snapshot captured) throws SQLException;

    /** A captured session: setting name to value, in the database's own text form, in reading order. */
    record Snapshot(Map<String, String> settings) {
        public Snapshot {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        String get(String name) {
            return settings.getOrDefault(name, "");
        }
    }

    /** H2 and other databases: nothing captured, nothing restored. */
    SessionState NONE = new SessionState() {
        @Override
        public Snapshot capture(Connection connection) {
            return new Snapshot(Map.of());
        }

        @Override
        public void actAsCapturedUser(Connection connection, Snapshot captured) {}

        @Override
        public List<String> restore(Connection connection, Snapshot captured) {
            return List.of();
        }
    };
}
