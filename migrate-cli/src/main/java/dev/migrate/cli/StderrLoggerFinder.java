package dev.migrate.cli;

import java.io.PrintStream;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * Where the core's log lines go in the command line: one line each on stderr, from the level of
 * {@code LOGGING_LEVEL_DEV_MIGRATE} (the variable Spring Boot reads for {@code
 * logging.level.dev.migrate}; default info). Registered as the JDK's {@link System.LoggerFinder}
 * (META-INF/services), so {@code java.util.logging} is never loaded.
 */
public final class StderrLoggerFinder extends System.LoggerFinder {

    static final String LEVEL_VARIABLE = "LOGGING_LEVEL_DEV_MIGRATE";

    private final Logger logger;

    public StderrLoggerFinder() {
        this.logger = new StderrLogger(threshold(System.getenv(LEVEL_VARIABLE)), System.err);
    }

    @Override
    public Logger getLogger(String name, Module module) {
        return logger;
    }

    static Level threshold(String text) {
        if (text == null) {
            return Level.INFO;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "trace" -> Level.TRACE;
            case "debug" -> Level.DEBUG;
            case "warn", "warning" -> Level.WARNING;
            case "error" -> Level.ERROR;
            case "off" -> Level.OFF;
            default -> Level.INFO;
        };
    }

    /** Writes lines at {@code threshold} and above; a throwable's stack only at debug. */
    static final class StderrLogger implements Logger {

        private final Level threshold;
        private final PrintStream err;

        StderrLogger(Level threshold, PrintStream err) {
            this.threshold = threshold;
            this.err = err;
        }

        @Override
        public String getName() {
            return "dev.migrate";
        }

        @Override
        public boolean isLoggable(Level level) {
            return level != Level.OFF && level.getSeverity() >= threshold.getSeverity();
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
            if (!isLoggable(level)) {
                return;
            }
            err.println(Instant.now() + " " + name(level) + " " + message
                    + (thrown == null || threshold.getSeverity() <= Level.DEBUG.getSeverity() ? "" : ": " + thrown));
            if (thrown != null && threshold.getSeverity() <= Level.DEBUG.getSeverity()) {
                thrown.printStackTrace(err);
            }
        }

        @Override
        public void log(Level level, Supplier<String> message, Throwable thrown) {
            if (isLoggable(level)) {
                log(level, (ResourceBundle) null, message.get(), thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                log(
                        level,
                        bundle,
                        params == null || params.length == 0
                                ? format
                                : format + " " + java.util.Arrays.toString(params),
                        (Throwable) null);
            }
        }

        private static String name(Level level) {
            return switch (level) {
                case WARNING -> "WARN ";
                case ERROR -> "ERROR";
                case INFO -> "INFO ";
                case DEBUG -> "DEBUG";
                default -> "TRACE";
            };
        }
    }
}
