package dev.migrate.history;

import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.TableName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the sql-migrate history table (exactly its two columns, so the Go tool keeps
 * working) and migrate's side table beside it. Every method runs on the connection it is given,
 * inside whatever transaction the caller has open: the run's history writes share the
 * migration's transaction.
 */
public final class HistoryRepository {

    private final Dialect dialect;
    private final String history;
    private final String side;
    private final TableName historyTable;
    private final TableName sideTable;
    private final Comparator<String> order;

    public HistoryRepository(Dialect dialect, TableName historyTable, TableName sideTable, Comparator<String> order) {
        this.dialect = dialect;
        this.historyTable = historyTable;
        this.sideTable = sideTable;
        this.history = dialect.qualify(historyTable);
        this.side = dialect.qualify(sideTable);
        this.order = order;
    }

    /**
     * Reads both tables in one round trip. A missing history table is an empty history; a missing
     * side table (a database only the Go tool used so far) means no details.
     */
    public HistorySnapshot read(Connection connection) throws SQLException {
        String both = "select " + q("id") + ", " + q("applied_at") + ", null, null, null, null, null, null, null from "
                + history + " union all select " + q("id") + ", null, " + q("checksum") + ", " + q("execution_ms")
                + ", " + q("applied_by") + ", " + q("state") + ", " + q("failed_line") + ", " + q("message") + ", "
                + q("updated_at") + " from " + side;
        try {
            return query(connection, both, true);
        } catch (SQLException e) {
            if (!dialect.isMissingTable(e)) {
                throw e;
            }
        }
        String historyOnly = "select " + q("id") + ", " + q("applied_at") + " from " + history;
        try {
            return query(connection, historyOnly, false);
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                return new HistorySnapshot(false, List.of(), Map.of());
            }
            throw e;
        }
    }

    private HistorySnapshot query(Connection connection, String sql, boolean withDetails) throws SQLException {
        List<AppliedMigration> applied = new ArrayList<>();
        List<MigrationDetails> details = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                String id = rows.getString(1);
                Timestamp appliedAt = rows.getTimestamp(2);
                if (withDetails && rows.getString(6) != null) {
                    long millis = rows.getLong(4);
                    Long executionMillis = rows.wasNull() ? null : millis;
                    int line = rows.getInt(7);
                    Integer failedLine = rows.wasNull() ? null : line;
                    details.add(new MigrationDetails(
                            id,
                            rows.getString(3),
                            executionMillis,
                            rows.getString(5),
                            rows.getString(6),
                            failedLine,
                            rows.getString(8),
                            instant(rows.getTimestamp(9))));
                } else {
                    applied.add(new AppliedMigration(id, instant(appliedAt)));
                }
            }
        }
        return HistorySnapshot.of(true, applied, details, order);
    }

    /** Creates the history table (the Go tool's DDL) and the side table if missing. */
    public void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : dialect.createHistoryTable(historyTable)) {
                statement.execute(sql);
            }
            for (String sql : dialect.createSideTable(sideTable)) {
                statement.execute(sql);
            }
        }
    }

    /** Records a migration as applied: the history row and an {@code applied} side row. */
    public void recordApplied(Connection connection, String id, @Nullable String checksum, long millis, String by)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into " + history + " (" + q("id") + ", "
                + q("applied_at") + ") values (?, " + dialect.now() + ")")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        writeDetails(connection, id, checksum, millis, by, MigrationDetails.APPLIED, null, null);
    }

    /** Records that a migration was undone: both rows go. */
    public void recordUndone(Connection connection, String id) throws SQLException {
        delete(connection, history, id);
        delete(connection, side, id);
    }

    /** Marks a migration failed in the side table; the history table is not touched. */
    public void recordFailed(
            Connection connection, String id, @Nullable String checksum, int line, String message, String by)
            throws SQLException {
        writeDetails(connection, id, checksum, null, by, MigrationDetails.FAILED, line, message);
    }

    /** Forgets a failure so the next run retries the migration. */
    public void clearFailure(Connection connection, String id) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from " + side + " where " + q("id") + " = ? and " + q("state") + " = ?")) {
            delete.setString(1, id);
            delete.setString(2, MigrationDetails.FAILED);
            delete.executeUpdate();
        }
    }

    /** Records the current checksum of an applied file. */
    public void updateChecksum(Connection connection, String id, String checksum, String by) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update " + side + " set " + q("checksum")
                + " = ?, " + q("updated_at") + " = " + dialect.now() + " where " + q("id") + " = ?")) {
            update.setString(1, checksum);
            update.setString(2, id);
            if (update.executeUpdate() == 0) {
                writeDetails(connection, id, checksum, null, by, MigrationDetails.APPLIED, null, null);
            }
        }
    }

    private void writeDetails(
            Connection connection,
            String id,
            @Nullable String checksum,
            @Nullable Long millis,
            String by,
            String state,
            @Nullable Integer line,
            @Nullable String message)
            throws SQLException {
        delete(connection, side, id);
        try (PreparedStatement insert = connection.prepareStatement("insert into " + side + " (" + q("id") + ", "
                + q("checksum") + ", " + q("execution_ms") + ", " + q("applied_by") + ", " + q("state") + ", "
                + q("failed_line") + ", " + q("message") + ", " + q("updated_at") + ") values (?, ?, ?, ?, ?, ?, ?, "
                + dialect.now() + ")")) {
            insert.setString(1, id);
            insert.setString(2, checksum);
            insert.setObject(3, millis, Types.BIGINT);
            insert.setString(4, by);
            insert.setString(5, state);
            insert.setObject(6, line, Types.INTEGER);
            insert.setString(7, message);
            insert.executeUpdate();
        }
    }

    private void delete(Connection connection, String table, String id) throws SQLException {
        try (PreparedStatement delete =
                connection.prepareStatement("delete from " + table + " where " + q("id") + " = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }

    private String q(String column) {
        return dialect.quote(column);
    }

    private static Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? Instant.EPOCH : timestamp.toInstant();
    }
}
