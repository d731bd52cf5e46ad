package dev.migrate.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Drives Flyway: one {@code V<n>__name.sql} file per migration, applied with Flyway's defaults
 * (history table {@code flyway_schema_history}, validate on migrate).
 */
final class FlywayRunner implements ToolRunner {

    @Override
    public void writeMigrations(Path dir, List<MigrationScript> scripts) throws IOException {
        for (MigrationScript script : scripts) {
            Path file = dir.resolve("V" + script.number() + "__" + script.name() + ".sql");
            try (Writer out = ScriptFiles.open(file)) {
                script.body().writeTo(out);
            }
        }
    }

    @Override
    public Configured configure(DataSource dataSource, Path dir) {
        Flyway flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("filesystem:" + dir.toAbsolutePath())
                .load();
        return flyway::migrate;
    }

    @Override
    public int appliedCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select count(*) from flyway_schema_history where version is not null and success")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
