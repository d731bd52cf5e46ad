package dev.migrate.internal.parse;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A PostgreSQL statement that does its work in several transactions and, when cancelled part way,
 * leaves a half-built object behind: {@code CREATE [UNIQUE] INDEX CONCURRENTLY} and {@code DROP
 * INDEX CONCURRENTLY} (an INVALID index), {@code REINDEX … CONCURRENTLY} (INVALID {@code _ccnew}
 * copies), {@code ALTER TABLE … DETACH PARTITION … CONCURRENTLY} (a partition pending detach). They
 * take no lock that ordinary reads and writes queue behind, but wait for older transactions. Read
 * from the statement's first words ({@link SqlText#head}), beside its {@link StatementKind}.
 *
 * @param createdIndex for {@code CREATE INDEX CONCURRENTLY}, the index name as written (quoted
 *     parts kept), or null when the statement names none or is another kind
 */
public record ConcurrentStatement(@Nullable String createdIndex) {

    /** Tokens read from the head of a statement at most: enough for every form above. */
    private static final int HEAD_TOKENS = 40;

    /** The statement's kind, or empty when it is not one of the forms above. */
    public static Optional<ConcurrentStatement> of(String sql) {
        List<String> tokens = SqlText.head(sql, HEAD_TOKENS);
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
}
