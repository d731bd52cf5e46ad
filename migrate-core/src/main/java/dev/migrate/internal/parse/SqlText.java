package dev.migrate.internal.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * SQL text reduced to its code, for the engine's few judgements about what a statement is (its
 * {@link StatementKind}, the PostgreSQL lint; {@link #head} for {@link ConcurrentStatement}): comments removed, string literals and dollar-quoted
 * bodies replaced by {@code ''}, the quotes around {@code "identifiers"} and {@code `identifiers`}
 * dropped (a {@code ;} inside them too), lower case, one space between words. MySQL's versioned comments ({@code /*!50001 …
 * *}{@code /}, MariaDB's {@code /*M!100100 … *}{@code /}) are code for the server that runs them, so
 * their content is kept and only the markers go.
 */
public final class SqlText {

    private SqlText() {}

    /**
     * The code of {@code sql}.
     *
     * @param mysql whether to read it as MySQL/MariaDB do: a backslash escapes the next character
     *     inside a literal, and {@code #} starts a comment to the end of the line (elsewhere {@code
     *     'C:\'} is a whole literal and {@code #} an operator)
     */
    public static String code(String sql, boolean mysql) {
        StringBuilder out = new StringBuilder(sql.length());
        boolean versioned = false;
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && sql.startsWith("--", i) || c == '#' && mysql) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                out.append(' ');
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int content = versionedContent(sql, i);
                if (content > 0 && !versioned) {
                    versioned = true;
                    i = content;
                } else {
                    int end = sql.indexOf("*/", i + 2);
                    i = end < 0 ? n : end + 2;
                }
                out.append(' ');
            } else if (c == '*' && versioned && sql.startsWith("*/", i)) {
                versioned = false;
                i += 2;
                out.append(' ');
            } else if (c == '\'') {
                i = quotedEnd(sql, i, '\'', mysql);
                out.append("''");
            } else if (c == '"' || c == '`') {
                int end = quotedEnd(sql, i, c, mysql && c == '"');
                // a quoted name's text, never a statement's end
                out.append(sql.substring(i + 1, Math.max(i + 1, end - 1)).replace(';', ' '));
                i = end;
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                i = dollarQuotedEnd(sql, i);
                out.append("''");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    /**
     * The first tokens of a PostgreSQL statement as written, for a judgement that needs a name as
     * the database will read it ({@link ConcurrentStatement}): comments skipped, unquoted words in
     * lower case (dotted names kept whole), quoted identifiers as written, a parenthesised group as
     * {@code (}, and nothing from the first literal or {@code ;} on.
     *
     * @param max tokens to read at most
     */
    public static List<String> head(String sql, int max) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n && tokens.size() < max) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '(') {
                tokens.add("(");
                i = closingParenthesis(sql, i);
            } else if (c == '"' || isNameChar(c)) {
                int end = nameEnd(sql, i);
                String word = sql.substring(i, end);
                tokens.add(word.indexOf('"') >= 0 ? word : word.toLowerCase(Locale.ROOT));
                i = end;
            } else if (c == ';' || c == '\'' || c == '$') {
                break;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }

    /** The end of a possibly dotted, possibly quoted name starting at {@code start}. */
    private static int nameEnd(String sql, int start) {
        int i = start;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '"') {
                i = quotedEnd(sql, i, '"', false);
            } else if (isNameChar(c) || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Just past the parenthesis that closes the one at {@code open} (quotes inside respected). */
    private static int closingParenthesis(String sql, int open) {
        int depth = 0;
        int i = open;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                i = quotedEnd(sql, i, c, false);
                continue;
            }
            if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** Where the code of a versioned comment opened at {@code start} begins; 0 if it is a plain comment. */
    private static int versionedContent(String sql, int start) {
        int i = start + 2;
        if (sql.startsWith("M!", i)) {
            i += 2;
        } else if (sql.startsWith("!", i)) {
            i++;
        } else {
            return 0;
        }
        while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Index after the literal or quoted name opened by the quote at {@code start} (a doubled quote
     * inside it, and with {@code backslashEscapes} a backslash, escapes one character), or the
     * text's end when it never closes. Shared with the redactor, which must skip what this skips.
     */
    public static int quotedEnd(String sql, int start, char quote, boolean backslashEscapes) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && backslashEscapes) {
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

    /**
     * Index after the dollar-quoted body ({@code $$…$$}, {@code $tag$…$tag$}) opened at {@code
     * start}, the text's end when it never closes; 0 when no dollar quote opens there (see {@link
     * #dollarTagEnd}).
     */
    public static int dollarQuotedEnd(String sql, int start) {
        int tagEnd = dollarTagEnd(sql, start);
        if (tagEnd == 0) {
            return 0;
        }
        String tag = sql.substring(start, tagEnd);
        int close = sql.indexOf(tag, tagEnd);
        return close < 0 ? sql.length() : close + tag.length();
    }

    /**
     * Index after the tag ({@code $$} or {@code $name$}) of a dollar quote opened at {@code start};
     * 0 when none opens there (a positional parameter {@code $1}, a {@code $} inside a name).
     */
    static int dollarTagEnd(String sql, int start) {
        if (start > 0 && isNameChar(sql.charAt(start - 1))) {
            return 0;
        }
        int i = start + 1;
        if (i < sql.length() && Character.isDigit(sql.charAt(i))) {
            return 0;
        }
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : 0;
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
