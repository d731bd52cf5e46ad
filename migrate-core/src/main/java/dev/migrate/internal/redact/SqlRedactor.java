package dev.migrate.internal.redact;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Hides passwords in SQL text before migrate shows it anywhere: the statement a lock holder is
 * running (waiting log, endpoint) and a failed statement (errors, status, health).
 *
 * <p>The rule: once the word {@code PASSWORD} or {@code IDENTIFIED} appears in a statement (in any
 * case, as a whole word), every string literal after it is replaced by {@code '***'}. That covers
 * PostgreSQL's {@code create role r password '…'} and {@code alter role r encrypted password '…'},
 * MySQL/MariaDB's {@code identified by '…'}, {@code identified with plugin by '…'}, {@code
 * identified via plugin using password('…')} and {@code set password = '…'}, and an {@code insert}
 * into a {@code password} column. Literals are {@code '…'} (with {@code ''} and backslash escapes),
 * {@code "…"} (MySQL strings) and PostgreSQL dollar quotes {@code $tag$…$tag$}; one cut off by
 * truncation is hidden to the end of the text. Hiding a literal that was no secret (a later {@code
 * valid until} date) is the price of never showing one that was.
 */
public final class SqlRedactor {

    /** What a hidden literal becomes. */
    public static final String MASK = "'***'";

    /** Secrets shorter than this are not searched for in other text (see {@link #scrub}). */
    static final int MIN_SCRUBBED_LENGTH = 4;

    private SqlRedactor() {}

    /** The SQL text with every literal after {@code PASSWORD} / {@code IDENTIFIED} hidden. */
    public static String redact(String sql) {
        return scan(sql, null);
    }

    /**
     * The contents of the literals {@link #redact} hides, so that other text (a database's error
     * message quoting the statement) can be {@linkplain #scrub scrubbed} of them.
     */
    public static List<String> secrets(String sql) {
        List<String> secrets = new ArrayList<>();
        scan(sql, secrets);
        return secrets;
    }

    /**
     * The text with every occurrence of a secret (of {@value #MIN_SCRUBBED_LENGTH} characters or
     * more: shorter ones would mangle the text without protecting much) replaced by {@code ***}.
     */
    public static String scrub(String text, List<String> secrets) {
        String scrubbed = text;
        for (String secret : secrets) {
            if (secret.length() >= MIN_SCRUBBED_LENGTH) {
                scrubbed = scrubbed.replace(secret, "***");
            }
        }
        return scrubbed;
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
                end = quotedEnd(sql, i, c);
            } else if (c == '$' && (end = dollarQuotedEnd(sql, i)) > 0) {
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
                out.append(sql, i, end);
            }
            i = end;
        }
        return out.toString();
    }

    /** Index after the closing quote of the literal opened at {@code start}, or the text's end. */
    private static int quotedEnd(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return sql.length();
    }

    /** Index after a dollar-quoted literal opened at {@code start}; 0 when none opens there. */
    private static int dollarQuotedEnd(String sql, int start) {
        int i = start + 1;
        while (i < sql.length() && isWordChar(sql.charAt(i)) && sql.charAt(i) != '$') {
            i++;
        }
        if (i >= sql.length() || sql.charAt(i) != '$' || (i > start + 1 && Character.isDigit(sql.charAt(start + 1)))) {
            return 0;
        }
        String tag = sql.substring(start, i + 1);
        int close = sql.indexOf(tag, i + 1);
        return close < 0 ? sql.length() : close + tag.length();
    }

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
