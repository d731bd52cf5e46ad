package dev.migrate.internal.dialect;

/**
 * The rows a history digest is computed over, written with SQL's {@code ||} (PostgreSQL and H2;
 * MySQL has its own {@code concat}): one text column {@code r}, {@code h<length>:<id>} for each
 * history row and {@code s<length>:<id>} with the length-prefixed checksum, state, failed line and
 * message for each side row ({@code f<length>:<id>} with the fingerprint after them, where it is
 * read), so that different contents never give the same text.
 */
final class HistoryDigestRows {

    private HistoryDigestRows() {}

    /** The rows as a query, to wrap in the dialect's aggregate. */
    static String query(Dialect dialect, String history, String side, boolean fingerprints) {
        String id = dialect.quote("id");
        return "select 'h' || length(" + id + ") || ':' || " + id + " as r from " + history
                + " union all select '" + (fingerprints ? "f" : "s") + "' || length(" + id + ") || ':' || " + id
                + " || " + field(dialect.quote("checksum")) + " || " + field(dialect.quote("state")) + " || "
                + field("cast(" + dialect.quote("failed_line") + " as varchar)") + " || "
                + field(dialect.quote("message"))
                + (fingerprints ? " || " + field(dialect.quote("fingerprint")) : "") + " from " + side;
    }

    /** {@code <length>:<text>}, or {@code -} for null. */
    private static String field(String expression) {
        return "coalesce(length(" + expression + ") || ':' || " + expression + ", '-')";
    }
}
