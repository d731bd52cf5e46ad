package dev.migrate.internal.execute;

import dev.migrate.internal.redact.SqlRedactor;

/** A statement as migrate shows it in messages: passwords hidden, on one line, shortened. */
final class StatementText {

    private StatementText() {}

    static String shown(String sql, int maxLength) {
        String oneLine = SqlRedactor.redact(sql).strip().replaceAll("\\s+", " ");
        return oneLine.length() <= maxLength ? oneLine : oneLine.substring(0, maxLength) + "…";
    }
}
