package dev.migrate.bench;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the tools' INFO logging out of the measurements and the console: SLF4J and Commons Logging
 * (Flyway, HikariCP) go to Logback at WARN (see {@code logback.xml}); Liquibase and migrate (whose
 * core writes through {@code System.Logger}, which the JDK hands to java.util.logging) log through
 * java.util.logging, set to WARNING here.
 */
final class QuietLogging {

    /** Held strongly: java.util.logging keeps only weak references to configured loggers. */
    private static final Logger LIQUIBASE = Logger.getLogger("liquibase");

    private static final Logger MIGRATE = Logger.getLogger("dev.migrate");

    private QuietLogging() {}

    static void apply() {
        LIQUIBASE.setLevel(Level.WARNING);
        MIGRATE.setLevel(Level.WARNING);
        LiquibaseRunner.disableAnalytics();
    }
}
