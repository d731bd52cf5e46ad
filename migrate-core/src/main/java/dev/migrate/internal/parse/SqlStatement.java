package dev.migrate.internal.parse;

import java.util.Locale;

/**
 * One statement exactly as it goes to the database, and the 1-based line of the file where it
 * starts (for error messages).
 */
public record SqlStatement(String sql, int line) {

    /**
     * The first word of {@code sql}, lower-case, past leading whitespace and comments ({@code --}
     * and {@code /* *}{@code /}): the statement's keyword, or "" when there is none.
     */
    public static String firstWord(String sql) {
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                break;
            }
        }
        int start = i;
        while (i < n && Character.isLetter(sql.charAt(i))) {
            i++;
        }
        return sql.substring(start, i).toLowerCase(Locale.ROOT);
    }
}
