package dev.migrate.bench;

import dev.migrate.Migrator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * The floor of W1's cold apply: what any tool must do to apply migrate's folder with the
 * guarantees every tool gives (each migration in its own transaction, recorded in the same
 * transaction), and nothing more. On one connection: create the history table, then per file in
 * name order read it, send its whole Up section and the insert of its history row as one string
 * (the driver splits it and sends it in one round trip; no parsing, no checksum, no lock, no side
 * table) and commit: two round trips per migration, as migrate's PostgreSQL cold apply.
 */
final class ColdApplyFloor {

    private static final String UP = "-- +migrate Up";
    private static final String DOWN = "-- +migrate Down";

    private ColdApplyFloor() {}

    static void apply(DataSource dataSource, Path dir) throws IOException, SQLException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> listed = Files.list(dir)) {
            listed.filter(file -> file.getFileName().toString().endsWith(".sql"))
                    .forEach(files::add);
        }
        // the benchmark's names are NNNN_name.sql: name order is migration order
        files.sort(null);
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("create table " + Migrator.DEFAULT_TABLE
                        + " (id text primary key, applied_at timestamp with time zone)");
            }
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                for (Path file : files) {
                    // the benchmark's names need no quoting
                    statement.execute(up(Files.readString(file)) + "\ninsert into " + Migrator.DEFAULT_TABLE
                            + " (id, applied_at) values ('" + file.getFileName() + "', now())");
                    connection.commit();
                }
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static String up(String text) {
        int start = text.indexOf(UP);
        int end = text.indexOf(DOWN);
        if (start < 0) {
            throw new IllegalArgumentException("no " + UP + " section");
        }
        String up = text.substring(start + UP.length(), end < 0 ? text.length() : end)
                .strip();
        return up.endsWith(";") ? up : up + ";";
    }
}
