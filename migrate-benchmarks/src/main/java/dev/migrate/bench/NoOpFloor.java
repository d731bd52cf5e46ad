package dev.migrate.bench;

import dev.migrate.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The floor of a no-op boot: what any tool must do to learn that nothing is pending, and nothing
 * more. List the folder (the names, and one {@code stat} per {@code .sql} name, as migrate's
 * listing does), borrow a connection, read the applied ids in one query, and compare. No file is
 * read, nothing is checked against what was applied.
 */
final class NoOpFloor {

    private NoOpFloor() {}

    /** Pending files in migrate's format folder {@code dir} against migrate's history table. */
    static int check(DataSource dataSource, Path dir) throws IOException, SQLException {
        String[] names = dir.toFile().list();
        if (names == null) {
            throw new IOException("cannot list " + dir);
        }
        Set<String> files = new HashSet<>();
        for (String name : names) {
            if (name.endsWith(".sql")
                    && Files.readAttributes(dir.resolve(name), BasicFileAttributes.class)
                            .isRegularFile()) {
                files.add(name);
            }
        }
        Set<String> applied = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select id from " + Migrator.DEFAULT_TABLE)) {
            while (rows.next()) {
                applied.add(rows.getString(1));
            }
        }
        files.removeAll(applied);
        return files.size();
    }
}
