package dev.migrate.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * One migration tool as the benchmarks drive it: lays out the workload's scripts in the tool's own
 * file format, applies whatever is pending the way an application would at start-up, and counts
 * the migrations its history table records as applied.
 */
interface ToolRunner {

    /** Writes {@code scripts} into the empty folder {@code dir} in this tool's format. */
    void writeMigrations(Path dir, List<MigrationScript> scripts) throws IOException;

    /**
     * Configures the tool for {@code dir} on {@code dataSource}, as an application configures it
     * once (a bean): each call of the result applies what is pending, on the same configured tool.
     */
    Configured configure(DataSource dataSource, Path dir);

    /** Configures the tool from scratch and applies what is pending in {@code dir}. */
    default void migrate(DataSource dataSource, Path dir) throws Exception {
        configure(dataSource, dir).migrate();
    }

    /** Migrations recorded as applied (successfully) in this tool's history table. */
    int appliedCount(Connection connection) throws SQLException;

    /** A tool configured once, called as often as its user likes. */
    @FunctionalInterface
    interface Configured {
        /** Applies what is pending. */
        void migrate() throws Exception;
    }
}
