package dev.migrate.internal.lock;

import dev.migrate.MigrationConfigurationException;
import dev.migrate.internal.checksum.Sha256;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * The names migrate locks on, computed the same way by every process, so that another program (a
 * Go service, a script, a person in {@code psql}) can compute them too.
 *
 * <h2>PostgreSQL advisory key</h2>
 *
 * The default key is the first 8 bytes, read big-endian as a signed {@code long}, of the SHA-256
 * digest of the UTF-8 bytes of
 *
 * <pre>{@code "migrate:" + database + ":" + schema + ":" + table}</pre>
 *
 * where {@code database} is {@code current_database()}, {@code schema} is the history table's
 * schema as PostgreSQL stores it, resolved once per run: the configured schema in lower case (it is
 * written unquoted, as the Go tool does, so PostgreSQL folds it), or else the schema where a table
 * of that name already is on the search path, or else {@code current_schema()}; and {@code table}
 * is the history table's name as configured ({@code gorp_migrations} by default).
 * For example, database {@code app}, schema {@code public}, table {@code gorp_migrations} hash
 * {@code "migrate:app:public:gorp_migrations"}. In SQL:
 *
 * <pre>{@code
 * select ('x' || substr(encode(sha256(convert_to('migrate:app:public:gorp_migrations', 'UTF8')), 'hex'), 1, 16))::bit(64)::bigint;
 * }</pre>
 *
 * <h2>MySQL/MariaDB lock name</h2>
 *
 * {@code "migrate:" + database + "." + table}, where {@code database} is the configured schema or
 * else {@code database()}. MySQL allows at most 64 characters; a longer name is replaced by {@code
 * "migrate:"} followed by the first 56 hexadecimal digits of the SHA-256 digest of the UTF-8 bytes of
 * the long name (64 characters in all).
 */
public final class LockKeys {

    /** The longest lock name {@code GET_LOCK} accepts. */
    public static final int MYSQL_MAX_NAME_LENGTH = 64;

    private static final String PREFIX = "migrate:";

    private LockKeys() {}

    /**
     * The default PostgreSQL advisory key for a history table.
     *
     * @param database the database's name, as {@code current_database()} returns it
     * @param schema the history table's schema, as PostgreSQL stores it
     * @param table the history table's name
     */
    public static long advisoryKey(String database, String schema, String table) {
        byte[] digest = Sha256.of(PREFIX + database + ":" + schema + ":" + table);
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }

    /**
     * The default PostgreSQL advisory key of a history table, reading {@code current_database()}
     * (and {@code current_schema()} when {@code schema} is null) from the connection.
     *
     * @param schema the history table's schema as PostgreSQL stores it (a configured one folded to
     *     lower case), or null for {@code current_schema()}
     */
    public static long advisoryKey(Connection connection, @Nullable String schema, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select current_database(), current_schema()")) {
            row.next();
            String database = row.getString(1);
            String resolvedSchema = schema != null ? schema : row.getString(2);
            if (resolvedSchema == null) {
                throw new MigrationConfigurationException(
                        "schema",
                        "the connection has no current schema (empty search_path);"
                                + " configure the history table's schema");
            }
            return advisoryKey(database, resolvedSchema, table);
        }
    }

    /** The MySQL/MariaDB {@code GET_LOCK} name of a history table; at most 64 characters. */
    public static String mysqlLockName(String database, String table) {
        String name = PREFIX + database + "." + table;
        if (name.length() <= MYSQL_MAX_NAME_LENGTH) {
            return name;
        }
        String hex = HexFormat.of().formatHex(Sha256.of(name));
        return PREFIX + hex.substring(0, MYSQL_MAX_NAME_LENGTH - PREFIX.length());
    }

    /**
     * The MySQL/MariaDB lock name of a history table, reading {@code database()} from the
     * connection when {@code schema} is null.
     */
    public static String mysqlLockName(Connection connection, @Nullable String schema, String table)
            throws SQLException {
        if (schema != null) {
            return mysqlLockName(schema, table);
        }
        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select database()")) {
            row.next();
            String database = row.getString(1);
            if (database == null) {
                throw new MigrationConfigurationException(
                        "schema",
                        "the connection has no current database; name one in the JDBC URL or configure the schema");
            }
            return mysqlLockName(database, table);
        }
    }
}
