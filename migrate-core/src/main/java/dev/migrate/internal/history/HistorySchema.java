package dev.migrate.internal.history;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.TableName;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Decides, once per run and before the lock, which schema the history table lives in, so that
 * every statement of the run (history, side table, lease table) and the default lock key name the
 * same table whatever the session's search path does meanwhile. A configured schema is taken as the
 * database stores it; otherwise the schema where the table already is on the search path, else the
 * current schema. PostgreSQL's default search path {@code "$user", public} is why: a migration that
 * creates a schema named after the migrating role would otherwise move the next run's unqualified
 * history table (and its lock key) to a new, empty one.
 */
public final class HistorySchema {

    private HistorySchema() {}

    /**
     * The history table as the session's search path finds it, for a run's first read, which needs
     * no query of its own: with a configured schema, in that schema; otherwise unqualified, which
     * names the table {@link #resolve} would name while the session's search path is as it came.
     */
    public static TableName asTheSearchPathFindsIt(Dialect dialect, TableName configured) {
        String schema = configured.schema();
        return schema == null ? configured : configured.inSchema(dialect.storedSchema(schema));
    }

    /**
     * The history table, qualified with its schema for this run.
     *
     * @param configured the table as configured, with or without a schema
     * @throws MigrationConfigurationException when no schema is configured and the connection has
     *     no current one
     */
    public static TableName resolve(Connection connection, Dialect dialect, TableName configured) throws SQLException {
        String schema = configured.schema();
        if (schema != null) {
            return configured.inSchema(dialect.storedSchema(schema));
        }
        String found = dialect.historySchema(connection, configured.name());
        if (found == null || found.isEmpty()) {
            throw new MigrationConfigurationException(
                    "schema",
                    "the connection has no current schema (an empty search_path, or"
                            + " no database in the JDBC URL), so there is nowhere to keep " + configured.name()
                            + "; configure its schema (Migrator.Builder.schema)");
        }
        return configured.inSchema(found);
    }
}
