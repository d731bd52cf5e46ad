package dev.migrate.internal.dialect;

import dev.migrate.MigrationConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

/** Finds the dialect of a connection from its JDBC metadata (no round trip for common drivers). */
public final class Dialects {

    private Dialects() {}

    public static Dialect detect(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return forProduct(product);
    }

    /** The dialect of a database kind. */
    public static Dialect of(DatabaseKind kind) {
        return switch (kind) {
            case POSTGRESQL -> new PostgresDialect();
            case MYSQL -> new MySqlDialect();
            case H2 -> new H2Dialect();
        };
    }

    static Dialect forProduct(String product) {
        String name = product.toLowerCase(Locale.ROOT);
        if (name.contains("postgres")) {
            return new PostgresDialect();
        }
        if (name.contains("mysql") || name.contains("mariadb")) {
            return new MySqlDialect();
        }
        if (name.equals("h2")) {
            return new H2Dialect();
        }
        throw new MigrationConfigurationException(
                "dataSource",
                "unsupported database '" + product + "': migrate supports PostgreSQL, MySQL/MariaDB and H2");
    }
}
