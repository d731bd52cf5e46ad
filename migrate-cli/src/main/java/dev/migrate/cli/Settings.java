package dev.migrate.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The settings of one run: the arguments ({@code up --limit 1}) over the environment ({@code
 * MIGRATE_LIMIT=1}). Each value remembers where it came from, so that a wrong one is reported
 * under the name the user typed: {@code MIGRATE_LOCK_TIMEOUT} or {@code --lock.timeout}.
 */
final class Settings {

    /** A value as given, and where: {@code --limit}, {@code MIGRATE_LIMIT}, {@code SPRING_DATASOURCE_URL}. */
    record Value(String text, String source) {}

    private static final Pattern SIMPLE_DURATION = Pattern.compile("([+-]?\\d+)(ns|us|ms|s|m|h|d)?");
    private static final String MIGRATORS = "MIGRATE_MIGRATORS_";
    /** The launcher script's own variables (src/main/dist/migrate: MIGRATE_CLI_JAR, MIGRATE_CLI_ARCHIVE). */
    private static final String LAUNCHER = "MIGRATE_CLI_";

    private final Map<Setting, Value> values;
    private final List<String> positional;
    private final List<String> ignoredVariables;

    private Settings(Map<Setting, Value> values, List<String> positional, List<String> ignoredVariables) {
        this.values = values;
        this.positional = positional;
        this.ignoredVariables = ignoredVariables;
    }

    /**
     * Reads the arguments and the environment.
     *
     * @throws SettingException for an unknown argument, a setting without its value, or an
     *     environment that configures several Migrators
     */
    static Settings read(List<String> args, Map<String, String> environment) {
        Map<Setting, Value> values = new EnumMap<>(Setting.class);
        List<String> ignored = new ArrayList<>();
        TreeSet<String> names = new TreeSet<>(environment.keySet());
        for (String name : names) {
            if (!name.startsWith("MIGRATE_")) {
                continue;
            }
            if (name.startsWith(MIGRATORS)) {
                throw new SettingException(name + " configures one of several Migrators (migrate.migrators.*),"
                        + " but the command line migrates one database: run it once per database, with that"
                        + " database's MIGRATE_URL, MIGRATE_LOCATIONS, ...");
            }
            Setting setting = Setting.byVariable(name);
            if (setting != null) {
                values.put(setting, new Value(environment.get(name), name));
            } else if (!name.equals("MIGRATE_MODE")
                    && !name.startsWith("MIGRATE_TEST_")
                    && !name.startsWith(LAUNCHER)) {
                ignored.add(name);
            }
        }
        for (Setting setting : Setting.values()) {
            String spring = setting.springVariable();
            if (!values.containsKey(setting) && spring != null && environment.containsKey(spring)) {
                values.put(setting, new Value(environment.get(spring), spring));
            }
        }
        // the starter's rule: spring.datasource.password goes with spring.datasource.username only
        Value user = values.get(Setting.USER);
        Value password = values.get(Setting.PASSWORD);
        if (user != null
                && user.source().equals(Setting.USER.variable())
                && password != null
                && password.source().equals(Setting.PASSWORD.springVariable())) {
            values.remove(Setting.PASSWORD);
        }
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                positional.add(arg);
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
            Setting setting = Setting.byProperty(name);
            if (setting == null) {
                throw new SettingException("unknown argument " + arg + "; java -jar migrate-cli.jar --help lists them");
            }
            String text;
            if (equals >= 0) {
                text = arg.substring(equals + 1);
            } else if (isFlag(setting)) {
                text = "true";
            } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                text = args.get(++i);
            } else {
                throw new SettingException("--" + name + " needs a value, e.g. --" + name + "=" + example(setting));
            }
            values.put(setting, new Value(text, "--" + name));
        }
        return new Settings(values, List.copyOf(positional), Collections.unmodifiableList(ignored));
    }

    private static boolean isFlag(Setting setting) {
        return switch (setting) {
            case DRY_RUN, IGNORE_UNKNOWN, VALIDATE_CHECKSUMS, RETRY_FAILED, ENABLED -> true;
            default -> false;
        };
    }

    private static String example(Setting setting) {
        return switch (setting) {
            case LIMIT, CONNECT_RETRIES -> "1";
            case LOCK_TIMEOUT, LOCK_LEASE_TIME, DDL_LOCK_TIMEOUT, DDL_RETRY_BUDGET, CONNECT_RETRIES_INTERVAL -> "30s";
            case OUTPUT -> "json";
            case LOCATIONS -> "filesystem:db/migrations";
            case URL -> "jdbc:postgresql://host/db";
            default -> "VALUE";
        };
    }

    /** The arguments that are no setting: the command and, for {@code new}, the name. */
    List<String> positional() {
        return positional;
    }

    /** {@code MIGRATE_*} variables that name no setting (a typo?), for a warning. */
    List<String> ignoredVariables() {
        return ignoredVariables;
    }

    @Nullable
    Value value(Setting setting) {
        return values.get(setting);
    }

    /** Where the setting came from, or its argument's name when not set. */
    String source(Setting setting) {
        Value value = values.get(setting);
        return value != null ? value.source() : "--" + setting.property();
    }

    boolean isSet(Setting setting) {
        return values.containsKey(setting);
    }

    @Nullable
    String text(Setting setting) {
        Value value = values.get(setting);
        return value == null ? null : value.text();
    }

    /** A comma-separated list, each item trimmed, empty items dropped. */
    @Nullable
    List<String> list(Setting setting) {
        String text = text(setting);
        if (text == null) {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (String item : text.split(",")) {
            if (!item.isBlank()) {
                items.add(item.strip());
            }
        }
        return items;
    }

    @Nullable
    Integer integer(Setting setting) {
        Value value = values.get(setting);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.text().strip());
        } catch (NumberFormatException e) {
            throw wrong(value, "is not a whole number");
        }
    }

    @Nullable
    Long longValue(Setting setting) {
        Value value = values.get(setting);
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.text().strip());
        } catch (NumberFormatException e) {
            throw wrong(value, "is not a whole number (64-bit)");
        }
    }

    @Nullable
    Boolean bool(Setting setting) {
        Value value = values.get(setting);
        if (value == null) {
            return null;
        }
        String text = value.text().strip().toLowerCase(Locale.ROOT);
        if (text.equals("true")) {
            return Boolean.TRUE;
        }
        if (text.equals("false")) {
            return Boolean.FALSE;
        }
        throw wrong(value, "is neither true nor false");
    }

    /** A duration as Spring Boot reads one: {@code 30s}, {@code 500ms}, {@code 10m}, {@code PT10M}, or seconds. */
    @Nullable
    Duration duration(Setting setting) {
        Value value = values.get(setting);
        if (value == null) {
            return null;
        }
        String text = value.text().strip();
        Matcher simple = SIMPLE_DURATION.matcher(text.toLowerCase(Locale.ROOT));
        try {
            if (simple.matches()) {
                long amount = Long.parseLong(simple.group(1));
                String unit = simple.group(2) == null ? "s" : simple.group(2);
                return switch (unit) {
                    case "ns" -> Duration.ofNanos(amount);
                    case "us" -> Duration.ofNanos(Math.multiplyExact(amount, 1000L));
                    case "ms" -> Duration.ofMillis(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "d" -> Duration.ofDays(amount);
                    default -> Duration.ofSeconds(amount);
                };
            }
            return Duration.parse(text);
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw wrong(value, "is not a duration; give e.g. 30s, 500ms, 10m, PT10M or a number of seconds");
        }
    }

    /** The value as one of {@code choices} (lower case; {@code _} read as {@code -}). */
    @Nullable
    String choice(Setting setting, List<String> choices) {
        Value value = values.get(setting);
        if (value == null) {
            return null;
        }
        String text = value.text().strip().toLowerCase(Locale.ROOT).replace('_', '-');
        if (!choices.contains(text)) {
            throw wrong(value, "is not one of " + String.join(", ", choices));
        }
        return text;
    }

    /** An error naming where the value came from, showing the value unless it is the password. */
    SettingException wrong(Value value, String problem) {
        boolean secret = value.source().toUpperCase(Locale.ROOT).contains("PASSWORD");
        return new SettingException(value.source() + (secret ? " " : "='" + value.text() + "' ") + problem);
    }

    /** An error about a setting, named where it came from. */
    SettingException wrong(Setting setting, String problem) {
        return new SettingException(source(setting) + " " + problem);
    }
}
