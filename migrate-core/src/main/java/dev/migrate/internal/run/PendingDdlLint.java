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
import dev.migrate.internal.parse.StatementKind;
import dev.migrate.internal.plan.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Runs the {@link DdlLinter} over the Up statements of a plan's pending migrations and acts on {@link DdlLintMode}. */
final class PendingDdlLint {

    private static final Log log = Log.named(OperatorLog.NAME);

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

    /**
     * Whether the lint reads the statement at all: DDL and explicit table locks. A seed file's
     * inserts are told apart without normalizing them.
     */
    private static boolean mayLock(SqlStatement statement) {
        StatementKind kind = StatementKind.of(statement.sql());
        return kind == StatementKind.DDL || kind == StatementKind.TABLE_LOCK;
    }
}
