package dev.migrate.internal.run;

import dev.migrate.DdlLintMode;
import dev.migrate.Direction;
import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.lint.DdlLinter;
import dev.migrate.internal.lint.LintFinding;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.parse.MigrationParser;
import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.plan.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;

/** Runs the {@link DdlLinter} over the Up statements of a plan's pending migrations and acts on {@link DdlLintMode}. */
final class PendingDdlLint {

    private static final Log log = Log.named(MigrationRunner.OPERATOR_LOG);

    private PendingDdlLint() {}

    static void check(List<Migration> pending, DdlLintMode mode) {
        if (mode == DdlLintMode.OFF || pending.isEmpty()) {
            return;
        }
        DdlLinter linter = new DdlLinter();
        for (Migration migration : pending) {
            try (InputStream in = migration.resource().open()) {
                MigrationParser.parse(migration.id(), in, Direction.UP, statement -> {
                    if (mayLock(statement)) {
                        linter.check(migration.id(), statement);
                    }
                });
            } catch (IOException e) {
                throw new MigrationSourceException(
                        "could not read " + migration.resource().location() + ": " + e.getMessage(), e);
            }
        }
        List<LintFinding> findings = linter.findings();
        if (findings.isEmpty()) {
            return;
        }
        if (mode == DdlLintMode.FAIL) {
            StringBuilder message = new StringBuilder("ddlLint is FAIL: ")
                    .append(findings.size())
                    .append(" statement")
                    .append(findings.size() == 1 ? "" : "s")
                    .append(" would lock or rewrite a busy table for long; nothing was run:");
            findings.forEach(finding -> message.append("\n  ").append(finding.describe()));
            throw new MigrationPlanException(
                    MigrationPlanException.Reason.DANGEROUS_DDL, findings.get(0).file(), message.toString());
        }
        findings.forEach(finding -> log.warn("Dangerous DDL under live traffic: " + finding.describe()
                + "\n    (ddlLint OFF silences this, FAIL refuses to run)"));
    }

    /** A cheap first look, so that a seed file of inserts costs no normalizing. */
    private static boolean mayLock(SqlStatement statement) {
        String sql = statement.sql();
        int i = 0;
        while (i < sql.length()
                && (Character.isWhitespace(sql.charAt(i)) || sql.charAt(i) == '-' || sql.charAt(i) == '/')) {
            if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i);
                i = end < 0 ? sql.length() : end + 2;
            } else if (Character.isWhitespace(sql.charAt(i))) {
                i++;
            } else {
                break;
            }
        }
        String start = sql.substring(i, Math.min(sql.length(), i + 6)).toLowerCase(Locale.ROOT);
        return start.startsWith("create") || start.startsWith("alter") || start.startsWith("lock");
    }
}
