package dev.migrate.cli;

import dev.migrate.LockHolder;
import dev.migrate.LockInfo;
import dev.migrate.MigrationInfo;
import dev.migrate.MigrationPlan;
import dev.migrate.StatusReport;
import dev.migrate.ValidationReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The document of {@code --output=json}, the same as the starter's exit mode prints
 * (docs/exit-mode-json.md, schema version 1), as maps and lists for {@link JsonWriter}. The CLI
 * has one Migrator, named {@code migrator} as the starter's single auto-configured one.
 */
final class JsonDocument {

    static final int SCHEMA_VERSION = 1;

    /** The Migrator's name in the document. */
    static final String MIGRATOR = "migrator";

    private JsonDocument() {}

    static Map<String, Object> document(String command, boolean dryRun, int exitCode, Map<String, Object> part) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("schemaVersion", SCHEMA_VERSION);
        document.put("command", command);
        document.put("dryRun", dryRun || command.equals("plan"));
        document.put("exitCode", exitCode);
        Map<String, Object> migrators = new LinkedHashMap<>();
        migrators.put(MIGRATOR, part);
        document.put("migrators", migrators);
        return document;
    }

    static Map<String, Object> status(StatusReport status) {
        Map<String, Object> shown = new LinkedHashMap<>();
        List<Object> migrations = new ArrayList<>();
        for (MigrationInfo info : status.migrations()) {
            migrations.add(migration(info));
        }
        shown.put("migrations", migrations);
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
        Instant at = info.appliedAt();
        shown.put("appliedAt", at == null ? null : at.toString());
        Duration took = info.executionTime();
        shown.put("executionMillis", took == null ? null : took.toMillis());
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
        @Nullable Map<String, Object> held = null;
        if (holder != null) {
            held = new LinkedHashMap<>();
            held.put("description", holder.description());
            held.put("details", new LinkedHashMap<String, Object>(holder.details()));
        }
        shown.put("holder", held);
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
        List<Object> steps = new ArrayList<>();
        for (MigrationPlan.Step step : plan.steps()) {
            Map<String, Object> shown = new LinkedHashMap<>();
            shown.put("id", step.id());
            shown.put("direction", step.direction().name().toLowerCase(Locale.ROOT));
            shown.put("transactional", step.transactional());
            List<Object> statements = new ArrayList<>();
            for (MigrationPlan.Statement statement : step.statements()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("line", statement.line());
                one.put("sql", statement.sql());
                statements.add(one);
            }
            shown.put("statements", statements);
            steps.add(shown);
        }
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("steps", steps);
        return shown;
    }
}
