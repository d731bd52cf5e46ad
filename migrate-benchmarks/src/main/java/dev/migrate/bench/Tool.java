package dev.migrate.bench;

import java.util.Locale;

/** The tools compared, each with its runner and the version under test. */
enum Tool {
    MIGRATE("migrate", "0.1.0-SNAPSHOT (this repository)"),
    FLYWAY("Flyway", "13.12.0 (flyway-core + flyway-database-postgresql)"),
    LIQUIBASE("Liquibase", "4.33.0 (formatted SQL changelog)");

    private final String label;
    private final String version;

    Tool(String label, String version) {
        this.label = label;
        this.version = version;
    }

    String label() {
        return label;
    }

    String version() {
        return version;
    }

    /** A new runner for this tool. */
    ToolRunner runner() {
        return switch (this) {
            case MIGRATE -> new MigrateRunner();
            case FLYWAY -> new FlywayRunner();
            case LIQUIBASE -> new LiquibaseRunner();
        };
    }

    /** Parses a tool's command-line name ({@code migrate}, {@code flyway}, {@code liquibase}). */
    static Tool parse(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    String argument() {
        return name().toLowerCase(Locale.ROOT);
    }
}
