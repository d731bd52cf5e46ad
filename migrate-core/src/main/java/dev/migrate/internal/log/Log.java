package dev.migrate.internal.log;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * One logger of the engine, writing through {@link System#getLogger}: the core depends on no
 * logging library. By default the JDK hands the lines to {@code java.util.logging}; Spring Boot
 * bridges that to its logging system (levels set with {@code logging.level.dev.migrate} included),
 * and an application can route {@code System.Logger} elsewhere (e.g. SLF4J's {@code
 * slf4j-jdk-platform-logging}).
 *
 * <p>Messages are passed as they are: no placeholders are expanded, so a migration's SQL or a file
 * name with braces is logged unchanged.
 */
public final class Log {

    private final Logger logger;

    private Log(Logger logger) {
        this.logger = logger;
    }

    /** The logger named after {@code type}. */
    public static Log of(Class<?> type) {
        return new Log(System.getLogger(type.getName()));
    }

    /** The logger of that name (e.g. the operator's log, which names no class). */
    public static Log named(String name) {
        return new Log(System.getLogger(name));
    }

    public boolean isDebugEnabled() {
        return logger.isLoggable(Level.DEBUG);
    }

    public boolean isInfoEnabled() {
        return logger.isLoggable(Level.INFO);
    }

    public void debug(String message) {
        logger.log(Level.DEBUG, message);
    }

    public void debug(String message, Throwable failure) {
        logger.log(Level.DEBUG, message, failure);
    }

    public void info(String message) {
        logger.log(Level.INFO, message);
    }

    public void warn(String message) {
        logger.log(Level.WARNING, message);
    }

    public void warn(String message, Throwable failure) {
        logger.log(Level.WARNING, message, failure);
    }

    public void error(String message) {
        logger.log(Level.ERROR, message);
    }

    public void error(String message, Throwable failure) {
        logger.log(Level.ERROR, message, failure);
    }
}
