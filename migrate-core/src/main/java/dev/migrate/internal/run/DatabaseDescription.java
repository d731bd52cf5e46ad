package dev.migrate.internal.run;

import dev.migrate.internal.redact.SqlRedactor;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which database a run works on, for the one line an operator reads: product and version, host,
 * database and schema. Built from the JDBC URL with everything that could hold a credential cut
 * off (user information before {@code @}, parameters after {@code ?} or {@code ;}), so no password
 * is ever logged.
 *
 * @param product the database product and version, e.g. {@code PostgreSQL 16.4}
 * @param host host and port, or for an in-process database its kind (e.g. {@code mem:test})
 * @param database the connection's catalog, where the driver names one
 * @param schema the history table's schema, where known
 */
record DatabaseDescription(
        String product,
        String host,
        @Nullable String database,
        @Nullable String schema) {

    private static final Pattern KEY_VALUE_HOST = Pattern.compile("(?i)(?:^|[,(])\\s*host\\s*=\\s*([^,()\\s]+)");
    private static final Pattern KEY_VALUE_PORT = Pattern.compile("(?i)(?:^|[,(])\\s*port\\s*=\\s*([0-9]+)");

    /**
     * Describes the connection without a round trip to the database (the drivers answer these from
     * what they learned when connecting; PostgreSQL's database name comes from the URL, see {@link
     * #postgresDatabase}), so that a boot with nothing to do still costs one query.
     */
    static DatabaseDescription of(Connection connection, @Nullable String schema) {
        String product = "database";
        String host = "?";
        String database = null;
        try {
            DatabaseMetaData meta = connection.getMetaData();
            product = (meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion()).strip();
            String url = String.valueOf(meta.getURL());
            host = host(url);
            database = postgresDatabase(url);
            if (database == null) {
                database = connection.getCatalog();
            }
        } catch (SQLException | RuntimeException e) {
            // a description is for people; a driver that cannot say leaves it shorter
        }
        return new DatabaseDescription(product, host, blankToNull(database), blankToNull(schema));
    }

    /** The same, with the schema a run resolved for its history table (when none is configured). */
    DatabaseDescription withSchema(@Nullable String resolved) {
        return schema != null || resolved == null ? this : new DatabaseDescription(product, host, database, resolved);
    }

    /**
     * The database a PostgreSQL JDBC URL names ({@code jdbc:postgresql://host/db?…} or {@code
     * jdbc:postgresql:db}), or null for another URL or one that names none. The PostgreSQL driver
     * asks the server ({@code select current_catalog}, one round trip) for {@code getCatalog()},
     * while the URL it connected with already says.
     */
    static @Nullable String postgresDatabase(String url) {
        String prefix = "jdbc:postgresql:";
        if (!url.startsWith(prefix)) {
            return null;
        }
        String rest = url.substring(prefix.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            if (slash < 0) {
                return null;
            }
            rest = rest.substring(slash + 1);
        }
        String name = cut(rest, "?");
        if (name.isEmpty()) {
            return null;
        }
        try {
            // the driver decodes the name as URL-encoded UTF-8 too
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The host part of a JDBC URL, without user information or parameters. */
    static String host(String url) {
        // every branch shows only what cannot hold a credential
        String rest = url.startsWith("jdbc:") ? url.substring(5) : url;
        int slashes = rest.indexOf("//");
        if (slashes < 0) {
            // an in-process database: jdbc:h2:mem:test;PASSWORD=… → h2:mem:test
            return cut(rest, ";?");
        }
        String afterSlashes = rest.substring(slashes + 2);
        if (afterSlashes.startsWith("(") || afterSlashes.startsWith("address=")) {
            return keyValueHosts(afterSlashes);
        }
        String authority = cut(afterSlashes, "/?;");
        int at = authority.lastIndexOf('@');
        return SqlRedactor.url(at < 0 ? authority : authority.substring(at + 1));
    }

    /**
     * The hosts of MySQL's key-value URL forms ({@code (host=a,port=3306,password=…)} and {@code
     * address=(host=a)(port=3306)(password=…)}): only the host and port values.
     */
    private static String keyValueHosts(String hosts) {
        String text = cut(hosts, "/?;");
        List<String> names = all(KEY_VALUE_HOST.matcher(text));
        List<String> ports = all(KEY_VALUE_PORT.matcher(text));
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            shown.add(names.get(i) + (ports.size() == names.size() ? ":" + ports.get(i) : ""));
        }
        return shown.isEmpty() ? "?" : String.join(",", shown);
    }

    private static List<String> all(Matcher values) {
        List<String> found = new ArrayList<>();
        while (values.find()) {
            found.add(values.group(1));
        }
        return found;
    }

    private static String cut(String text, String stops) {
        for (int i = 0; i < text.length(); i++) {
            if (stops.indexOf(text.charAt(i)) >= 0) {
                return text.substring(0, i);
            }
        }
        return text;
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value;
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(product).append(" at ").append(host);
        if (database != null) {
            text.append(", database ").append(database);
        }
        if (schema != null) {
            text.append(", schema ").append(schema);
        }
        return text.toString();
    }
}
