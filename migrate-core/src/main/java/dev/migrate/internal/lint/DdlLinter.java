package dev.migrate.internal.lint;

import dev.migrate.internal.parse.SqlStatement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the statements of pending PostgreSQL migrations, in the order they will run, for DDL that
 * locks or rewrites an existing, busy table for long. A table created earlier in the same pending
 * set is new (nobody uses it yet), so nothing done to it is reported.
 *
 * <p>Rules: {@code create index} without {@code concurrently}; a foreign key or check constraint
 * added without {@code not valid}; {@code alter column ... type}; {@code set not null} without a
 * validated {@code check (c is not null)} first; a column added with a volatile default (or a
 * serial or stored generated column); {@code lock table}. The check is textual (no catalog): it
 * may miss a danger, and it says so for type changes that PostgreSQL can do without a rewrite.
 *
 * <p>Feed it with {@link #check(String, SqlStatement)}, before each statement runs or all of them
 * before any runs; one instance per pending set.
 */
public final class DdlLinter {

    private static final String NAME = "[\\w$]+(?:\\.[\\w$]+)?";

    private static final Pattern CREATE_TABLE = Pattern.compile(
            "^create (?:(?:global |local )?(?:temporary |temp )|unlogged )?table (?:if not exists )?(" + NAME + ")");
    private static final Pattern CREATE_INDEX =
            Pattern.compile("^create (?:unique )?index (concurrently )?(?:if not exists )?(?:" + NAME
                    + " )?on (?:only )?(" + NAME + ")");
    private static final Pattern ALTER_TABLE =
            Pattern.compile("^alter table (?:if exists )?(?:only )?(" + NAME + ")\\*? (.*)$");
    private static final Pattern LOCK = Pattern.compile("^lock (?:table )?(?:only )?(" + NAME + ")");

    private static final Pattern ADD_CONSTRAINT =
            Pattern.compile("^add (?:constraint ([\\w$]+) )?(foreign key|check)\\b(.*)$");
    private static final Pattern NOT_NULL_CHECK = Pattern.compile("^\\(*\\s*([\\w$]+) is not null\\s*\\)*");
    private static final Pattern VALIDATE = Pattern.compile("^validate constraint ([\\w$]+)");
    private static final Pattern ALTER_TYPE = Pattern.compile("^alter (?:column )?([\\w$]+) (?:set data )?type (.*)$");
    private static final Pattern SET_NOT_NULL = Pattern.compile("^alter (?:column )?([\\w$]+) set not null");
    private static final Pattern ADD_COLUMN =
            Pattern.compile("^add (?:column )?(?:if not exists )?(?!constraint |foreign key|check|unique|primary key)"
                    + "([\\w$]+) (.*)$");
    private static final Pattern VOLATILE = Pattern.compile(
            "\\bdefault\\b.*\\b(random|clock_timestamp|timeofday|gen_random_uuid|uuid_generate_v[14]\\w*|nextval"
                    + "|txid_current|setseed)\\s*\\(");
    private static final Pattern SERIAL = Pattern.compile("^(?:small|big)?serial\\b|^serial[248]\\b");
    private static final Pattern STORED = Pattern.compile("\\bgenerated always as\\b.*\\bstored\\b");

    private final Set<String> newTables = new HashSet<>();
    /** table + "." + constraint name → the column a not-valid {@code check (c is not null)} covers. */
    private final java.util.Map<String, String> notNullChecks = new java.util.HashMap<>();
    /** table + "." + column with a validated {@code check (c is not null)}. */
    private final Set<String> validatedNotNull = new HashSet<>();

    private final List<LintFinding> findings = new ArrayList<>();

    /**
     * Checks one statement of {@code file}; statements must come in the order they will run.
     *
     * @return what this statement adds to the {@linkplain #findings() findings}; usually nothing
     */
    public List<LintFinding> check(String file, SqlStatement statement) {
        int before = findings.size();
        inspect(file, statement);
        return findings.size() == before ? List.of() : List.copyOf(findings.subList(before, findings.size()));
    }

    private void inspect(String file, SqlStatement statement) {
        String sql = SqlWords.normalize(statement.sql());
        while (sql.endsWith(";")) {
            sql = sql.substring(0, sql.length() - 1).strip();
        }
        int line = statement.line();
        Matcher m;
        if ((m = CREATE_TABLE.matcher(sql)).find()) {
            newTables.add(SqlWords.table(m.group(1)));
        } else if ((m = CREATE_INDEX.matcher(sql)).find()) {
            if (m.group(1) == null && existing(m.group(2))) {
                report(
                        file,
                        line,
                        "index-without-concurrently",
                        "create index on existing table " + m.group(2)
                                + " blocks its writes (SHARE lock) until the index is built",
                        "create index concurrently (in a migration of its own marked '-- +migrate Up notransaction')");
            }
        } else if ((m = ALTER_TABLE.matcher(sql)).find()) {
            String table = SqlWords.table(m.group(1));
            for (String action : SqlWords.topLevelParts(m.group(2))) {
                alterAction(file, line, table, action);
            }
        } else if ((m = LOCK.matcher(sql)).find()) {
            if (existing(m.group(1))) {
                report(
                        file,
                        line,
                        "lock-table",
                        "lock table " + m.group(1) + " holds a table lock until the migration commits, stalling"
                                + " queries on it",
                        "leave locking to the statements themselves; split the work into short transactions");
            }
        }
    }

    private void alterAction(String file, int line, String table, String action) {
        boolean existing = existing(table);
        Matcher m;
        if ((m = ADD_CONSTRAINT.matcher(action)).find()) {
            String kind = m.group(2);
            String rest = m.group(3);
            boolean notValid = rest.contains("not valid");
            Matcher notNull = NOT_NULL_CHECK.matcher(rest.strip());
            if (kind.equals("check") && notNull.find()) {
                String column = notNull.group(1);
                if (notValid && m.group(1) != null) {
                    notNullChecks.put(table + "." + m.group(1), column);
                } else if (!notValid) {
                    validatedNotNull.add(table + "." + column);
                }
            }
            if (existing && !notValid) {
                boolean foreignKey = kind.equals("foreign key");
                report(
                        file,
                        line,
                        foreignKey ? "foreign-key-without-not-valid" : "check-without-not-valid",
                        "adding a " + (foreignKey ? "foreign key" : "check constraint") + " to existing table " + table
                                + " scans it to validate while holding a lock that blocks its writes",
                        "add it with NOT VALID, then 'alter table " + table
                                + " validate constraint …' in a later migration (validation takes a weaker lock)");
            }
        } else if ((m = VALIDATE.matcher(action)).find()) {
            String column = notNullChecks.get(table + "." + m.group(1));
            if (column != null) {
                validatedNotNull.add(table + "." + column);
            }
        } else if ((m = SET_NOT_NULL.matcher(action)).find()) {
            if (existing && !validatedNotNull.contains(table + "." + m.group(1))) {
                report(
                        file,
                        line,
                        "set-not-null-without-check",
                        "set not null on " + table + "." + m.group(1)
                                + " scans the whole table under an ACCESS EXCLUSIVE lock, stalling every query on it",
                        "first 'add constraint c check (" + m.group(1) + " is not null) not valid', then 'validate"
                                + " constraint c', then set not null (PostgreSQL 12+ skips the scan), then drop c");
            }
        } else if ((m = ALTER_TYPE.matcher(action)).find()) {
            if (existing) {
                report(
                        file,
                        line,
                        "column-type-change",
                        "alter column " + m.group(1) + " type on existing table " + table
                                + " rewrites the table and its indexes under an ACCESS EXCLUSIVE lock (unless the"
                                + " change is binary-coercible, e.g. varchar(n) to text or a larger n)",
                        "add a new column, backfill it in batches, switch the application over, then drop the old one");
            }
        } else if ((m = ADD_COLUMN.matcher(action)).find()) {
            String definition = m.group(2);
            if (existing
                    && (VOLATILE.matcher(definition).find()
                            || SERIAL.matcher(definition).find()
                            || STORED.matcher(definition).find())) {
                report(
                        file,
                        line,
                        "add-column-volatile-default",
                        "adding column " + m.group(1) + " to existing table " + table
                                + " with a volatile default (or a serial or stored generated column) rewrites the"
                                + " table under an ACCESS EXCLUSIVE lock",
                        "add the column without a default (or with a constant one), set the default in a second"
                                + " statement, and backfill existing rows in batches");
            }
        }
    }

    private boolean existing(String qualified) {
        return !newTables.contains(SqlWords.table(qualified));
    }

    private void report(String file, int line, String rule, String problem, String saferForm) {
        findings.add(new LintFinding(file, line, rule, problem, saferForm));
    }

    /** What was found so far, in statement order. */
    public List<LintFinding> findings() {
        return List.copyOf(findings);
    }
}
