package dev.migrate.internal.ddl;

import dev.migrate.internal.log.DurationText;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * A session that holds a lock a migration statement waited for, as the database describes it.
 *
 * @param session the server's session id (PostgreSQL backend pid, MySQL connection id)
 * @param name who it is: PostgreSQL {@code application_name} and user, MySQL user and host
 * @param state what it is doing ({@code idle in transaction}, {@code active}, {@code Sleep})
 * @param transactionAge how long its transaction has been open, when known
 * @param query its current or last statement, as {@link dev.migrate.internal.redact.SqlRedactor#shown} shows it, when known
 */
public record Blocker(
        String session,
        String name,
        String state,
        @Nullable Duration transactionAge,
        @Nullable String query) {

    /** One line for logs and errors. */
    public String describe() {
        StringBuilder text =
                new StringBuilder("session ").append(session).append(" (").append(name);
        text.append(", ").append(state);
        if (transactionAge != null) {
            text.append(", transaction open ").append(DurationText.of(transactionAge));
        }
        if (query != null && !query.isBlank()) {
            text.append(", query: ").append(query);
        }
        return text.append(')').toString();
    }

    @Override
    public String toString() {
        return describe();
    }
}
