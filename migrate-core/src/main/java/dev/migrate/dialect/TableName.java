package dev.migrate.dialect;

import dev.migrate.MigrationConfigurationException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A table named in configuration, with an optional schema. Both parts are validated here, before
 * they ever reach SQL: a letter or underscore, then letters, digits and underscores, at most 63
 * characters (PostgreSQL's limit). Anything else is rejected, never quoted or escaped.
 *
 * @param schema the schema (PostgreSQL schema, MySQL database), or null for the connection's own
 * @param name the table
 */
public record TableName(@Nullable String schema, String name) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public TableName {
        validate("table", name);
        if (schema != null) {
            validate("schema", schema);
        }
    }

    /** A table in the same schema whose name is this one's plus a suffix ({@code gorp_migrations_lock}). */
    public TableName withSuffix(String suffix) {
        return new TableName(schema, name + suffix);
    }

    /** Checks one identifier taken from a setting; the message names the setting. */
    public static String validate(String setting, String value) {
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new MigrationConfigurationException("invalid " + setting + " name '" + value
                    + "': use a letter or underscore, then letters, digits or underscores, at most 63 characters");
        }
        return value;
    }

    @Override
    public String toString() {
        return schema == null ? name : schema + "." + name;
    }
}
