package dev.migrate.report;

import dev.migrate.LockHolder;
import dev.migrate.LockInfo;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationPlan;
import dev.migrate.StatusReport;
import dev.migrate.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The JSON document a command prints with JSON output (the starter's {@code migrate.output=json},
 * the CLI's {@code --output=json}); its schema is docs/exit-mode-json.md, and a change to its
 * shape raises {@link #SCHEMA_VERSION}. Each Migrator's part is a map in document order: {@link
 * #status}, {@link #validation} or {@link #plan}, to which a caller adds {@code "error"} when the
 * command failed; {@link #document} writes the whole.
 */
public final class CommandJson {

    /** The version of the document's shape, for scripts that check it. */
    public static final int SCHEMA_VERSION = 1;

    private CommandJson() {}

    /**
     * The whole document as JSON text ended by a new line: the command, whether it was a dry run
     * ({@code plan} always is), its exit code, and each Migrator's part by name.
     */
    public static String document(
            String command, boolean dryRun, int exitCode, Map<String, Map<String, Object>> migrators) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemaVersion", SCHEMA_VERSION);
        document.put("command", command);
        document.put("dryRun", dryRun || command.equals("plan"));
        document.put("exitCode", exitCode);
        document.put("migrators", migrators);
        return JsonWriter.write(document);
    }

    /** The part of {@code status}: each migration, the counts per state and the lock. */
    public static Map<String, Object> status(StatusReport status) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put(
                "migrations",
                status.migrations().stream().map(CommandJson::migration).toList());
        shown.put("applied", status.applied().size());
        shown.put("pending", status.pending().size());
        shown.put("failed", status.failed().size());
        shown.put("interrupted", status.interrupted().size());
        shown.put("running", status.running().size());
        shown.put("unknown", status.unknown().size());
        shown.put("future", status.future().size());
        shown.put("lock", lock(status.lock()));
        return shown;
    }

    /** The part of {@code validate}: valid or not, and the ids edited, unknown and failed. */
    public static Map<String, Object> validation(ValidationReport report) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("valid", report.isValid());
        shown.put("edited", List.copyOf(report.edited()));
        shown.put("unknown", List.copyOf(report.unknown()));
        shown.put("failed", List.copyOf(report.failed()));
        return shown;
    }

    /** The part of {@code plan} and of a dry run: the steps with their statements. */
    public static Map<String, Object> plan(MigrationPlan plan) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("steps", plan.steps().stream().map(CommandJson::step).toList());
        return shown;
    }

    private static Map<String, Object> migration(MigrationInfo info) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", info.id());
        shown.put("state", info.state().name().toLowerCase(Locale.ROOT));
        shown.put("appliedAt", instant(info.appliedAt()));
        shown.put("executionMillis", millis(info.executionTime()));
        shown.put("checksum", info.checksum());
        shown.put("appliedBy", info.appliedBy());
        shown.put("failure", info.failure());
        return shown;
    }

    private static Map<String, Object> lock(LockInfo lock) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("type", lock.type().value());
        shown.put("key", lock.key());
        LockHolder holder = lock.holder();
        if (holder == null) {
            shown.put("holder", null);
        } else {
            Map<String, Object> held = new LinkedHashMap<>();
            held.put("description", holder.description());
            held.put("details", new LinkedHashMap<String, Object>(holder.details()));
            shown.put("holder", held);
        }
        return shown;
    }

    private static Map<String, Object> step(MigrationPlan.Step step) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("id", step.id());
        shown.put("direction", step.direction().name().toLowerCase(Locale.ROOT));
        shown.put("transactional", step.transactional());
        shown.put(
                "statements",
                step.statements().stream()
                        .map(statement -> {
                            Map<String, Object> one = new LinkedHashMap<>();
                            one.put("line", statement.line());
                            one.put("sql", statement.sql());
                            return one;
                        })
                        .toList());
        return shown;
    }

    private static @Nullable String instant(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }

    private static @Nullable Long millis(@Nullable Duration took) {
        return took == null ? null : took.toMillis();
    }
}
