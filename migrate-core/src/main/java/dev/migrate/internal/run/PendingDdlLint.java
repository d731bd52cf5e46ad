package dev.migrate.internal.run;

import dev.migrate.DdlLintMode;
import dev.migrate.Direction;
import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationSourceException;
import dev.migrate.internal.execute.UpStatementCheck;
import dev.migrate.internal.lint.DdlLinter;
import dev.migrate.internal.lint.LintFinding;
import dev.migrate.internal.log.Log;
import dev.migrate.internal.parse.MigrationParser;
import dev.migrate.internal.parse.SqlStatement;
import dev.migrate.internal.parse.StatementKind;
import dev.migrate.internal.plan.Migration;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Runs the {@link DdlLinter} over the Up statements of a plan's pending migrations and acts on
 * {@link DdlLintMode}: {@code FAIL} reads every pending file before anything runs and refuses the
 * set ({@link #refuse}); {@code WARN} looks at each statement as it streams to the database, from
 * the parse that runs it, and logs each finding before the statement is sent ({@link #warnAsTheyRun}),
 * so a pending file is not read and parsed once more only to be linted.
 */
final class PendingDdlLint {

    private static final Log log = Log.named(OperatorLog.NAME);

    private PendingDdlLint() {}

    /**
     * In {@code FAIL} mode, reads the pending migrations' Up statements and refuses to run the set
     * when any is dangerous; in other modes nothing.
     *
     * @throws MigrationPlanException listing the findings
     */
    static void refuse(List<Migration> pending, DdlLintMode mode) {
        if (mode != DdlLintMode.FAIL || pending.isEmpty()) {
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
        StringBuilder message = new StringBuilder("ddlLint is FAIL: ")
                .append(findings.size())
                .append(" statement")
                .append(findings.size() == 1 ? "" : "s")
                .append(" would lock or rewrite a busy table for long; nothing was run:");
        findings.forEach(finding -> message.append("\n  ").append(finding.describe()));
        throw new MigrationPlanException(
                MigrationPlanException.Reason.DANGEROUS_DDL, findings.get(0).file(), message.toString());
    }

    /**
     * In {@code WARN} mode, the check that lints each Up statement of the run's migrations as it
     * runs, in the order they run, and logs each finding once (a migration the DDL guard tries again
     * is not reported twice); in other modes {@link UpStatementCheck#NONE}.
     */
    static UpStatementCheck warnAsTheyRun(DdlLintMode mode) {
        if (mode != DdlLintMode.WARN) {
            return UpStatementCheck.NONE;
        }
        DdlLinter linter = new DdlLinter();
        Set<LintFinding> logged = new HashSet<>();
        return (migration, statement) -> {
            if (!mayLock(statement)) {
                return;
            }
            for (LintFinding finding : linter.check(migration, statement)) {
                if (logged.add(finding)) {
                    log.warn("Dangerous DDL under live traffic: " + finding.describe()
                            + "\n    (ddlLint OFF silences this, FAIL refuses to run)");
                }
            }
        };
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
