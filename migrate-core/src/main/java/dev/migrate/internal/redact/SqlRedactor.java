package dev.migrate.internal.redact;

import dev.migrate.internal.parse.SqlText;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one place that hides secrets in text migrate shows: SQL statements (a lock holder's, a failed
 * one, a blocker's: logs, errors, status, the side table, the endpoint, health), messages that may
 * quote a statement or a URL (a database's error, a driver's connection failure), and JDBC URLs.
 *
 * <p>In SQL: once the word {@code PASSWORD} or {@code IDENTIFIED} appears (in any case, as a whole
 * word), every string literal after it is replaced by {@code '***'}. That covers PostgreSQL's
 * {@code create role r password '…'}, MySQL/MariaDB's {@code identified by '…'}, {@code identified
 * via plugin using password('…')}, {@code set password = '…'}, and an {@code insert} into a {@code
 * password} column. Literals are {@code '…'} (with {@code ''} and backslash escapes), {@code "…"}
 * (MySQL strings) and PostgreSQL dollar quotes {@code $tag$…$tag$}; one cut off by truncation is
 * hidden to the end of the text. A literal that is not hidden is read as SQL in turn, so the
 * password of a {@code create role} inside a {@code DO $$ … $$} body (the idempotent idiom) or a
 * quoted {@code EXECUTE '…'} is hidden too, and a literal that holds one of the two words (SQL built
 * by {@code format('… password %L', …)}) hides the literals after it; and inside any literal, {@code password=…} pairs (a
 * connection string for {@code dblink} or a subscription) and the user information of a URL
 * ({@code postgres://user:pw@host}) are hidden. Hiding a literal that was no secret (a later {@code
 * valid until} date) is the price of never showing one that was.
 *
 * <p>In other text ({@link #message}, {@link #url}): {@code password=…} pairs (also MySQL's
 * key-value URL forms {@code (host=…,password=…)} and {@code address=(…)(password=…)}, and {@code
 * ?password=} / {@code &password=} / {@code ;password=} parameters) and URL user information.
 */
public final class SqlRedactor {

    /** What a hidden literal becomes. */
    public static final String MASK = "'***'";

    /** What a hidden value in a pair or a URL becomes. */
    static final String HIDDEN = "***";

    /** Secrets shorter than this are not searched for in other text (see {@link #message}). */
    static final int MIN_SCRUBBED_LENGTH = 4;

    /**
     * {@code password=value}: the value is quoted ({@code '…'}, {@code "…"}) or runs to the next
     * whitespace, so a value cut at a delimiter never shows its rest (a URL's later parameters may be
     * hidden with it).
     */
    private static final Pattern PAIR =
            Pattern.compile("(?i)(\\b(?:password[0-9]?|passwd|pwd)\\s*=\\s*)('(?:[^']|'')*'?|\"[^\"]*\"?|[^\\s'\"]+)");

    /** The user information of a URL: {@code scheme://user:secret@}. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)(\\b[a-z][a-z0-9+.-]*://)[^\\s/@?#'\"]*@");

    /** The words after which literals are hidden, inside a literal that is not. */
    private static final Pattern KEYWORD_INSIDE = Pattern.compile("(?i)\\b(?:password|identified)\\b");

    private SqlRedactor() {}

    /** The SQL text with every literal after {@code PASSWORD} / {@code IDENTIFIED} hidden, and so on (see above). */
    public static String redact(String sql) {
        return scan(sql, null);
    }

    /**
     * A statement as migrate shows it in one line of a message: redacted, whitespace runs made one
     * space, and cut to {@code maxLength} characters (then ending in {@code …}).
     */
    public static String shown(String sql, int maxLength) {
        String oneLine = redact(sql).strip().replaceAll("\\s+", " ");
        return oneLine.length() <= maxLength ? oneLine : oneLine.substring(0, maxLength) + "…";
    }

    /**
     * The contents of the literals {@link #redact} hides, so that other text (a database's error
     * message quoting the statement) can be cleaned of them by {@link #message(String, String)}.
     */
    public static List<String> secrets(String sql) {
        List<String> secrets = new ArrayList<>();
        scan(sql, secrets);
        return secrets;
    }

    /**
     * A message that may quote the statement it is about (a database's error): every secret of
     * that statement (of {@value #MIN_SCRUBBED_LENGTH} characters or more: shorter ones would mangle
     * the text without protecting much) replaced by {@code ***}, then cleaned as {@link
     * #message(String)}.
     */
    public static String message(String text, String statement) {
        String scrubbed = text;
        for (String secret : secrets(statement)) {
            if (secret.length() >= MIN_SCRUBBED_LENGTH) {
                scrubbed = scrubbed.replace(secret, HIDDEN);
            }
        }
        return message(scrubbed);
    }

    /**
     * A message of no known statement (a driver's connection failure, which may quote the URL):
     * {@code password=…} pairs and URL user information hidden.
     */
    public static String message(String text) {
        return PAIR.matcher(USER_INFO.matcher(text).replaceAll("$1" + HIDDEN + "@"))
                .replaceAll(m -> Matcher.quoteReplacement(m.group(1) + HIDDEN));
    }

    /** A URL as it may be shown: the same as {@link #message(String)}. */
    public static String url(String url) {
        return message(url);
    }

    /**
     * The exception itself when its message and its causes' show nothing to hide; else a copy with
     * the message cleaned ({@link #message(String)}), its SQL state, error code and stack, and
     * without the causes that would show it.
     */
    public static SQLException redacted(SQLException e) {
        String original = String.valueOf(e.getMessage());
        String cleaned = message(original);
        if (cleaned.equals(original) && causesAreClean(e.getCause())) {
            return e;
        }
        SQLException copy = new SQLException(cleaned, e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    private static boolean causesAreClean(@Nullable Throwable cause) {
        for (Throwable t = cause; t != null && t != t.getCause(); t = t.getCause()) {
            String text = String.valueOf(t.getMessage());
            if (!message(text).equals(text)) {
                return false;
            }
        }
        return true;
    }

    private static String scan(String sql, @Nullable List<String> secrets) {
        StringBuilder out = new StringBuilder(sql.length());
        boolean hiding = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            int end;
            if (c == '\'' || c == '"') {
                end = SqlText.quotedEnd(sql, i, c, true);
            } else if (c == '$' && (end = SqlText.dollarQuotedEnd(sql, i)) > 0) {
                // end set by the condition
            } else if (isWordChar(c)) {
                end = i + 1;
                while (end < n && isWordChar(sql.charAt(end))) {
                    end++;
                }
                String word = sql.substring(i, end).toLowerCase(Locale.ROOT);
                hiding |= word.equals("password") || word.equals("identified");
                out.append(sql, i, end);
                i = end;
                continue;
            } else {
                out.append(c);
                i++;
                continue;
            }
            if (hiding) {
                out.append(MASK);
                if (secrets != null) {
                    secrets.add(literalBody(sql, i, end));
                }
            } else {
                out.append(insideLiteral(sql, i, end, secrets));
                // SQL built from literals: format('alter role %I password %L', r, 'secret')
                hiding = KEYWORD_INSIDE.matcher(sql.substring(i, end)).find();
            }
            i = end;
        }
        return out.toString();
    }

    /** A literal that is not hidden whole: its body read as SQL, then its pairs and URLs cleaned. */
    private static String insideLiteral(String sql, int start, int end, @Nullable List<String> secrets) {
        char open = sql.charAt(start);
        int prefix = open == '$' ? sql.indexOf('$', start + 1) - start + 1 : 1;
        String body = literalBody(sql, start, end);
        String closing = sql.substring(start + prefix + body.length(), end);
        String redacted;
        if (open == '\'') {
            // a quote inside is written '' (as in DO '… password ''secret'' …'); read the SQL it stands for
            redacted = scan(body.replace("''", "'"), secrets).replace("'", "''");
            if (redacted.equals(body.replace("''", "'").replace("'", "''"))) {
                redacted = body;
            }
        } else if (open == '$') {
            redacted = scan(body, secrets);
        } else {
            redacted = body;
        }
        String cleaned = message(redacted);
        if (secrets != null) {
            Matcher pair = PAIR.matcher(redacted);
            while (pair.find()) {
                secrets.add(pair.group(2));
            }
        }
        return sql.substring(start, start + prefix) + cleaned + closing;
    }

    /** The text between a literal's quotes; for one cut off by truncation, everything after its opening. */
    private static String literalBody(String sql, int start, int end) {
        char open = sql.charAt(start);
        int prefix = 1;
        int suffix = 1;
        if (open == '$') {
            prefix = sql.indexOf('$', start + 1) - start + 1;
            suffix = prefix;
        }
        if (end - start < prefix + suffix || !sql.startsWith(sql.substring(start, start + prefix), end - suffix)) {
            return sql.substring(Math.min(end, start + prefix), end); // cut off: the rest is the secret
        }
        return sql.substring(start + prefix, end - suffix);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
