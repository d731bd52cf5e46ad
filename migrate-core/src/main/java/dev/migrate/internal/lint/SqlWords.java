package dev.migrate.internal.lint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A statement reduced to what the rules look at: comments removed, string literals and
 * dollar-quoted bodies replaced by {@code ''}, quotes around identifiers dropped, lower case, one
 * space between words.
 */
final class SqlWords {

    private SqlWords() {}

    static String normalize(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
                out.append(' ');
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                out.append("''");
            } else if (c == '"') {
                int end = skipQuoted(sql, i, '"');
                out.append(sql, i + 1, Math.max(i + 1, end - 1));
                i = end;
            } else if (c == '$') {
                int tagEnd = sql.indexOf('$', i + 1);
                String tag = tagEnd < 0 ? "" : sql.substring(i, tagEnd + 1);
                if (tagEnd >= 0
                        && tag.chars().skip(1).limit(tag.length() - 2L).allMatch(Character::isLetterOrDigit)
                        && !(tag.length() > 2 && Character.isDigit(tag.charAt(1)))) {
                    int end = sql.indexOf(tag, tagEnd + 1);
                    i = end < 0 ? n : end + tag.length();
                    out.append("''");
                } else {
                    out.append(c);
                    i++;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /** Splits at commas outside parentheses. */
    static List<String> topLevelParts(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).strip());
        return parts;
    }

    /** The last part of a possibly schema-qualified name. */
    static String table(String qualified) {
        int dot = qualified.lastIndexOf('.');
        return dot < 0 ? qualified : qualified.substring(dot + 1);
    }
}
