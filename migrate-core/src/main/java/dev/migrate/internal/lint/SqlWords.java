package dev.migrate.internal.lint;

import dev.migrate.internal.parse.SqlText;
import java.util.ArrayList;
import java.util.List;

/**
 * A statement reduced to what the rules look at ({@link SqlText#code}): comments removed, string
 * literals and dollar-quoted bodies replaced by {@code ''}, quotes around identifiers dropped, lower
 * case, one space between words.
 */
final class SqlWords {

    private SqlWords() {}

    static String normalize(String sql) {
        return SqlText.code(sql, false);
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
