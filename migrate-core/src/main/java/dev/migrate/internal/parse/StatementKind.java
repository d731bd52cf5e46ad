package dev.migrate.internal.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a statement is, judged from its first words ({@link SqlText#code}: past comments, inside
 * MySQL versioned comments, past opening parentheses). The one place where the engine classifies
 * SQL: which statements may join a batch, which ones MySQL/MariaDB/H2 may commit implicitly
 * ({@link #mayCommitImplicitly}), which ones the DDL guard retries on their own, which ones the
 * lint reads ({@link #DDL}, {@link #TABLE_LOCK}), which ones are transaction control that a
 * transactional migration must not contain, and which data changes return rows ({@link
 * #mayReturnRows}). PostgreSQL's {@code … CONCURRENTLY} statements, which need their names as
 * written, are told apart beside it by {@link ConcurrentStatement}.
 */
public enum StatementKind {
    /** {@code insert}, {@code update}, {@code delete}, {@code replace}. */
    DATA_CHANGE,
    /** {@code select}, {@code with}, {@code values}, {@code table}, {@code show}, {@code explain}, {@code describe}. */
    QUERY,
    /** {@code set} of session state (not {@code autocommit}, a password or a role), {@code do}. */
    SESSION,
    /** {@code savepoint}, {@code release}, {@code rollback to}. */
    SAVEPOINT,
    /**
     * {@code begin}, {@code start transaction}, {@code commit}, {@code end}, {@code rollback},
     * {@code abort}, {@code prepare transaction}: ends or starts a transaction.
     */
    TRANSACTION_CONTROL,
    /** {@code create}, {@code alter}, {@code drop}, {@code rename}, {@code truncate}, {@code comment}, {@code grant}, {@code revoke}. */
    DDL,
    /** {@code lock [table]}: takes table locks explicitly (MySQL's {@code lock tables} commits implicitly too). */
    TABLE_LOCK,
    /** Nothing but whitespace and comments. */
    EMPTY,
    /**
     * Anything else: {@code call}, {@code prepare}/{@code execute}, {@code load},
     * {@code analyze}, MariaDB's {@code begin not atomic} block, {@code set autocommit}, …
     */
    OTHER;

    private static final Set<String> DATA_CHANGES = Set.of("insert", "update", "delete", "replace");
    private static final Set<String> QUERIES =
            Set.of("select", "with", "values", "table", "show", "explain", "describe", "desc");
    private static final Set<String> DEFINITIONS =
            Set.of("create", "alter", "drop", "rename", "truncate", "comment", "grant", "revoke");
    private static final Set<String> TRANSACTION_WORDS = Set.of("commit", "end", "abort");

    /** {@code set} statements that commit on MySQL/MariaDB or change who acts. */
    private static final Pattern COMMITTING_SET = Pattern.compile("\\b(?:autocommit|password|role)\\b");

    private static final Pattern WORD = Pattern.compile("[a-z_][a-z0-9_$]*");

    /** The kind of the statement's first part (up to the first {@code ;} outside literals and comments). */
    public static StatementKind of(String sql) {
        StatementKind plain = plainDataStatement(sql);
        if (plain != null) {
            return plain;
        }
        String code = SqlText.code(sql, false);
        int semicolon = code.indexOf(';');
        return ofCode(semicolon < 0 ? code : code.substring(0, semicolon));
    }

    /**
     * Whether MySQL, MariaDB or H2 may commit the open transaction at this statement: true unless
     * every part of it (a statement may hold several, {@code a; b}) is known to leave the
     * transaction open (a {@link #DATA_CHANGE}, {@link #QUERY}, {@link #SESSION} or {@link
     * #SAVEPOINT} statement). So {@code call p()}, {@code execute s}, DDL in a versioned comment and
     * {@code create temporary table} (which H2 commits) count, and a statement nobody foresaw errs
     * on the safe side. Meaningless where DDL is transactional (PostgreSQL): ask only for a database
     * that commits implicitly. The text is read both with and without backslash escapes, so an
     * ambiguous literal ({@code 'C:\'}) cannot hide a part.
     */
    public static boolean mayCommitImplicitly(String sql) {
        return anyPartMayCommit(SqlText.code(sql, true)) || anyPartMayCommit(SqlText.code(sql, false));
    }

    /**
     * Whether a {@link #DATA_CHANGE} may return rows ({@code … RETURNING}), judged from the word
     * anywhere in it: a literal or name that holds it errs on the safe side.
     */
    public static boolean mayReturnRows(String dataChange) {
        return dataChange.toLowerCase(Locale.ROOT).contains("returning");
    }

    private static boolean anyPartMayCommit(String code) {
        for (String part : code.split(";", -1)) {
            switch (ofCode(part)) {
                case DATA_CHANGE, QUERY, SESSION, SAVEPOINT, EMPTY -> {}
                default -> {
                    return true;
                }
            }
        }
        return false;
    }

    private static StatementKind ofCode(String part) {
        String code = stripParentheses(part);
        if (code.isEmpty()) {
            return part.isBlank() ? EMPTY : OTHER;
        }
        List<String> words = leadingWords(code, 3);
        if (words.isEmpty()) {
            return OTHER;
        }
        String first = words.get(0);
        String second = words.size() > 1 ? words.get(1) : "";
        if (DATA_CHANGES.contains(first)) {
            return DATA_CHANGE;
        }
        if (QUERIES.contains(first)) {
            return QUERY;
        }
        if (DEFINITIONS.contains(first)) {
            return DDL;
        }
        return switch (first) {
            case "set" -> COMMITTING_SET.matcher(code).find() ? OTHER : SESSION;
            case "do" -> SESSION;
            case "lock" -> TABLE_LOCK;
            case "savepoint", "release" -> SAVEPOINT;
            case "rollback" -> second.equals("to") ? SAVEPOINT : TRANSACTION_CONTROL;
            case "begin" ->
                second.equals("not") && words.size() > 2 && words.get(2).equals("atomic") ? OTHER : TRANSACTION_CONTROL;
            case "start", "prepare" -> second.equals("transaction") ? TRANSACTION_CONTROL : OTHER;
            default -> TRANSACTION_WORDS.contains(first) ? TRANSACTION_CONTROL : OTHER;
        };
    }

    /**
     * The kind of a statement that starts, past whitespace, with a plain data word ({@code insert},
     * {@code select}, …) whose following words do not matter, without reading the rest: the common
     * case of a seed file's millions of statements. Null for anything else.
     */
    private static @Nullable StatementKind plainDataStatement(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n && Character.isWhitespace(sql.charAt(i))) {
            i++;
        }
        int start = i;
        while (i < n && i - start <= 7 && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        if (i == start || i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            return null;
        }
        String word = sql.substring(start, i).toLowerCase(Locale.ROOT);
        return DATA_CHANGES.contains(word) ? DATA_CHANGE : QUERIES.contains(word) ? QUERY : null;
    }

    private static String stripParentheses(String code) {
        int i = 0;
        while (i < code.length() && (code.charAt(i) == '(' || code.charAt(i) == ' ')) {
            i++;
        }
        return code.substring(i);
    }

    /** Up to {@code max} words at the start of the code, each followed only by spaces; fewer where something else follows. */
    private static List<String> leadingWords(String code, int max) {
        List<String> words = new ArrayList<>(max);
        Matcher word = WORD.matcher(code);
        int at = 0;
        while (words.size() < max && at < code.length() && word.find(at) && word.start() == at) {
            words.add(word.group());
            at = word.end();
            if (at < code.length() && code.charAt(at) != ' ') {
                break;
            }
            at++;
        }
        return words;
    }
}
