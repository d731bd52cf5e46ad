package dev.migrate.internal.dialect;

import dev.migrate.MigrationConfigurationException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A table with an optional schema. The table's name always comes from configuration and is
 * validated here, before it ever reaches SQL: a letter or underscore, then letters, digits and
 * underscores, at most 63 characters (PostgreSQL's limit). A configured schema is validated the
 * same way where it is configured ({@link #validate}); a schema read from the database (the run's
 * {@linkplain Dialect#historySchema resolved} one) is taken as the database stores it and always
 * quoted.
 *
 * @param schema the schema (PostgreSQL schema, MySQL database), or null for the connection's own
 * @param name the table
 */
public record TableName(@Nullable String schema, String name) {

    /** The suffix of migrate's side table beside the history table (checksums, durations, failures). */
    public static final String SIDE_SUFFIX = "_migrate";

    /** The suffix of the {@code table-lease} lock table beside the history table. */
    public static final String LEASE_SUFFIX = "_lock";

    /**
     * The longest name every supported database holds: PostgreSQL 63 bytes (it cuts longer names
     * silently), MySQL and MariaDB 64 characters, H2 256. Names here are ASCII: bytes are characters.
     */
    public static final int MAX_NAME_LENGTH = 63;

    /** The longest history table name that leaves room for migrate's own suffixes. */
    public static final int MAX_HISTORY_TABLE_LENGTH =
            MAX_NAME_LENGTH - Math.max(SIDE_SUFFIX.length(), LEASE_SUFFIX.length());

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public TableName {
        validate("table", name);
        if (schema != null && schema.isEmpty()) {
            throw new MigrationConfigurationException("schema", "empty schema name for table " + name);
        }
    }

    /** A table in the same schema whose name is this one's plus a suffix ({@code gorp_migrations_lock}). */
    public TableName withSuffix(String suffix) {
        return new TableName(schema, name + suffix);
    }

    /** The same table in the given schema. */
    public TableName inSchema(String schema) {
        return new TableName(schema, name);
    }

    /** Checks one identifier taken from a setting; the message names the setting. */
    public static String validate(String setting, String value) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new MigrationConfigurationException(
                    setting,
                    "invalid " + setting + " name '" + value
                            + "': use a letter or underscore, then letters, digits or underscores, at most 63 characters");
        }
        return value;
    }

    /**
     * Checks a history table name from a setting: an identifier, and short enough that the tables
     * migrate keeps beside it ({@code <table>_migrate}, {@code <table>_lock}) fit the database's
     * limit on names. The message names the setting.
     */
    public static String validateHistoryTable(String setting, String value) {
        validate(setting, value);
        if (value.length() > MAX_HISTORY_TABLE_LENGTH) {
            throw new MigrationConfigurationException(
                    setting,
                    "invalid " + setting + " name '" + value + "': "
                            + value.length() + " characters is too long, because migrate keeps " + value + SIDE_SUFFIX
                            + " and " + value + LEASE_SUFFIX + " beside it and a name may have at most "
                            + MAX_NAME_LENGTH
                            + " characters (PostgreSQL's limit; MySQL's is 64); use at most " + MAX_HISTORY_TABLE_LENGTH
                            + " characters");
        }
        return value;
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
