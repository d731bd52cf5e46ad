package dev.migrate.ddl;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Statement text as it may be shown (logs, errors, the endpoint): on one line, at most 200
 * characters, and with the string literal after {@code PASSWORD} or {@code IDENTIFIED BY}
 * replaced by {@code '***'} (including MySQL's {@code IDENTIFIED BY PASSWORD '...'} and {@code
 * PASSWORD('...')}), so that another session's {@code ALTER ROLE ... PASSWORD '...'} never leaks.
 */
final class SqlTextRedaction {

    private static final int MAX_LENGTH = 200;

    /** A keyword that introduces a secret, then optional words/parentheses, then a quoted literal. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)\\b(password|identified\\s+by(?:\\s+password)?)(\\s*\\(?\\s*)(E?'(?:[^']|'')*'?|\"(?:[^\"]|\"\")*\"?|\\$\\$.*?(?:\\$\\$|$))",
            Pattern.DOTALL);

    private SqlTextRedaction() {}

    static String redact(String sql) {
        String flat = sql.replaceAll("\\s+", " ").strip();
        Matcher matcher = SECRET.matcher(flat);
        String redacted =
                matcher.replaceAll(result -> Matcher.quoteReplacement(result.group(1) + result.group(2) + "'***'"));
        return redacted.length() <= MAX_LENGTH ? redacted : redacted.substring(0, MAX_LENGTH) + "…";
    }
}
