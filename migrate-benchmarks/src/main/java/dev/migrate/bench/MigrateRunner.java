package dev.migrate.bench;

import dev.migrate.Migrator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Drives migrate: one {@code NNNN_name.sql} file per migration with a {@code -- +migrate Up}
 * section (and a Down), applied with the builder defaults an application gets, the default history
 * table {@code gorp_migrations} and the automatic lock.
 */
final class MigrateRunner implements ToolRunner {

    @Override
    public void writeMigrations(Path dir, List<MigrationScript> scripts) throws IOException {
        for (MigrationScript script : scripts) {
            Path file = dir.resolve(String.format("%04d_%s.sql", script.number(), script.name()));
            try (Writer out = ScriptFiles.open(file)) {
                out.write("-- +migrate Up\n");
                script.body().writeTo(out);
                out.write("\n-- +migrate Down\nSELECT 1;\n");
            }
        }
    }

    @Override
    public Configured configure(DataSource dataSource, Path dir) {
        Migrator migrator = Migrator.builder(dataSource)
                .locations("filesystem:" + dir.toAbsolutePath())
                .build();
        return migrator::up;
    }

    @Override
    public int appliedCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select count(*) from " + Migrator.DEFAULT_TABLE)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
