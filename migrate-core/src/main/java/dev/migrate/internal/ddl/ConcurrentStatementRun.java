package dev.migrate.internal.ddl;

import dev.migrate.internal.parse.ConcurrentStatement;
import dev.migrate.internal.parse.SqlStatement;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@code … CONCURRENTLY} statement, which waits for older transactions but makes no traffic
 * queue, and leaves a half-built object when cancelled: the guard does not cut it short. For this
 * statement the session's wait is lifted to what is left of the migration's retry budget (a wait
 * the migration itself set stays), and it is never retried in place. What it leaves half-built
 * ({@link HalfBuiltObjects}) fails the migration, naming the object.
 */
final class ConcurrentStatementRun {

    private ConcurrentStatementRun() {}

    /**
     * @param setting the guard's wait on the session, or null when the guard sets none
     * @param wait how long the statement may wait for locks
     */
    static void execute(
            Statement statement,
            SqlStatement sql,
            ConcurrentStatement concurrent,
            @Nullable TableLockWaitSetting setting,
            Duration wait)
            throws SQLException {
        Connection on = statement.getConnection();
        Map<String, String> before = HalfBuiltObjects.read(on);
        String lifted = setting == null ? null : setting.lift(on, wait);
        try {
            statement.execute(sql.sql());
        } catch (SQLException e) {
            String left;
            try {
                left = HalfBuiltObjects.leftBy(on, before, concurrent);
            } catch (SQLException | RuntimeException unknown) {
                e.addSuppressed(unknown);
                throw e;
            }
            if (left.isEmpty()) {
                throw e;
            }
            throw new SQLException(
                    e.getMessage() + "\n  it left " + left + "; put that right before the migration runs again",
                    e.getSQLState(),
                    e.getErrorCode(),
                    e);
        } finally {
            if (lifted != null && setting != null) {
                setting.putBack(on, lifted);
            }
        }
        String left = HalfBuiltObjects.leftBy(on, before, concurrent);
        if (!left.isEmpty()) {
            throw new SQLException(
                    "the statement ran, but " + left + "; a migration is never recorded as applied with a"
                            + " half-built object: put it right, then run again",
                    "55000");
        }
    }
}
