package dev.migrate.boot;

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
 * The JSON document of exit mode's {@code migrate.output=json}, as maps and lists for {@link
 * Json}. Its schema is docs/exit-mode-json.md; a change to the shape raises {@link
 * #SCHEMA_VERSION}.
 */
final class ExitJson {

    /** The version of the document's shape, for scripts that check it. */
    static final int SCHEMA_VERSION = 1;

    private ExitJson() {}

    /** The whole document: the command, its exit code, and each Migrator's part by name. */
    static Map<String, Object> document(String command, boolean dryRun, int exitCode, Map<String, Object> migrators) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemaVersion", SCHEMA_VERSION);
        document.put("command", command);
        document.put("dryRun", dryRun || command.equals("plan"));
        document.put("exitCode", exitCode);
        document.put("migrators", migrators);
        return document;
    }

    static Map<String, Object> status(StatusReport status) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put(
                "migrations",
                status.migrations().stream().map(ExitJson::migration).toList());
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

    static Map<String, Object> validation(ValidationReport report) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("valid", report.isValid());
        shown.put("edited", List.copyOf(report.edited()));
        shown.put("unknown", List.copyOf(report.unknown()));
        shown.put("failed", List.copyOf(report.failed()));
        return shown;
    }

    static Map<String, Object> plan(MigrationPlan plan) {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("steps", plan.steps().stream().map(ExitJson::step).toList());
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
