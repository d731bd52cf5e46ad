package dev.migrate.internal.ddl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL statement that does its work in several transactions and, when cancelled part way,
 * leaves a half-built object behind: {@code CREATE [UNIQUE] INDEX CONCURRENTLY} and {@code DROP
 * INDEX CONCURRENTLY} (an INVALID index), {@code REINDEX … CONCURRENTLY} (INVALID {@code _ccnew}
 * copies), {@code ALTER TABLE … DETACH PARTITION … CONCURRENTLY} (a partition pending detach). They
 * take no lock that ordinary reads and writes queue behind, but wait for older transactions.
 *
 * @param createdIndex for {@code CREATE INDEX CONCURRENTLY}, the index name as written (quoted
 *     parts kept), or null when the statement names none or is another kind
 */
record ConcurrentStatement(@Nullable String createdIndex) {

    /** Tokens read from the head of a statement at most: enough for every form above. */
    private static final int HEAD_TOKENS = 40;

    /** The statement's kind, or empty when it is not one of the forms above. */
    static Optional<ConcurrentStatement> of(String sql) {
        List<String> tokens = head(sql);
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        int concurrently = indexOf(tokens, "concurrently");
        if (concurrently < 0) {
            return Optional.empty();
        }
        String first = tokens.get(0);
        if (first.equals("create")) {
            int at = 1;
            if (is(tokens, at, "unique")) {
                at++;
            }
            if (!is(tokens, at, "index") || concurrently != at + 1) {
                return Optional.empty();
            }
            at = concurrently + 1;
            if (is(tokens, at, "if") && is(tokens, at + 1, "not") && is(tokens, at + 2, "exists")) {
                at += 3;
            }
            String name = at < tokens.size()
                            && !is(tokens, at, "on")
                            && !tokens.get(at).equals("(")
                    ? tokens.get(at)
                    : null;
            return Optional.of(new ConcurrentStatement(name));
        }
        if (first.equals("drop") && is(tokens, 1, "index") && concurrently == 2) {
            return Optional.of(new ConcurrentStatement(null));
        }
        if (first.equals("reindex")) {
            return Optional.of(new ConcurrentStatement(null));
        }
        if (first.equals("alter") && is(tokens, 1, "table") && indexOf(tokens, "detach") > 0) {
            return Optional.of(new ConcurrentStatement(null));
        }
        return Optional.empty();
    }

    private static boolean is(List<String> tokens, int at, String word) {
        return at < tokens.size() && tokens.get(at).equals(word);
    }

    private static int indexOf(List<String> tokens, String word) {
        return tokens.indexOf(word);
    }

    /**
     * The first tokens of the statement: comments skipped, unquoted words in lower case (dotted
     * names kept whole), quoted identifiers as written, a parenthesised group as {@code (}, and
     * nothing after a literal (none of the forms has one before its keywords).
     */
    static List<String> head(String sql) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n && tokens.size() < HEAD_TOKENS) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (c == '(') {
                tokens.add("(");
                i = closing(sql, i);
            } else if (c == '"' || isWordChar(c)) {
                int end = name(sql, i);
                String word = sql.substring(i, end);
                tokens.add(word.indexOf('"') >= 0 ? word : word.toLowerCase(Locale.ROOT));
                i = end;
            } else if (c == ';') {
                break;
            } else if (c == '\'' || c == '$') {
                break;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** The end of a possibly dotted, possibly quoted name starting at {@code start}. */
    private static int name(String sql, int start) {
        int i = start;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '"') {
                i++;
                while (i < n) {
                    if (sql.charAt(i) == '"') {
                        if (i + 1 < n && sql.charAt(i + 1) == '"') {
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    i++;
                }
                i = Math.min(n, i + 1);
            } else if (isWordChar(c) || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** Just past the parenthesis that closes the one at {@code open} (quotes inside respected). */
    private static int closing(String sql, int open) {
        int depth = 0;
        int i = open;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            } else if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                i = end < 0 ? n : end;
            }
            i++;
        }
        return n;
    }
}
