package dev.migrate.internal.history;

import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.log.Log;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
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

    private static final Log log = Log.of(HistoryRepository.class);

    /** The side table's columns as its writes list them, the key first. */
    private static final List<String> DETAIL_COLUMNS =
            List.of("id", "checksum", "execution_ms", "applied_by", "state", "failed_line", "message", "updated_at");

    /** {@link #DETAIL_COLUMNS} and the fingerprint, for the side row of a file applied now. */
    private static final List<String> APPLIED_COLUMNS = plusFingerprint(DETAIL_COLUMNS);

    private final Dialect dialect;
    private final String history;
    private final String side;
    private final TableName historyTable;
    private final TableName sideTable;
    private final Comparator<String> order;
    private @Nullable String upsertDetails; // built at the first write: a boot that writes nothing needs none
    private @Nullable String upsertApplied; // the same with the fingerprint
    private final PlanningReads remembered;
    private final String digest;
    private final String digestWithoutFingerprints;
    private final @Nullable String catalogDigest;
    private final int timeoutSeconds;

    /**
     * Whether the side table has its {@code fingerprint} column: null until a statement told.
     * Reads ask for it first and fall back without it (a side table of an older release), and
     * {@link #createTables} adds it under the lock.
     */
    private @Nullable Boolean fingerprintColumn;

    /**
     * @param remembered where planning reads are remembered by the database's digest of the
     *     history (see {@link #readForPlanning}): the Migrator's own
     * @param timeout how long each statement on the tables may take (whole seconds, at least one),
     *     waiting for a lock another session holds on them included; past it the database cancels
     *     the statement (see {@link Dialect#isQueryTimeout})
     */
    public HistoryRepository(
            Dialect dialect,
            TableName historyTable,
            TableName sideTable,
            Comparator<String> order,
            PlanningReads remembered,
            Duration timeout) {
        this.timeoutSeconds = timeoutSeconds(timeout);
        this.dialect = dialect;
        this.historyTable = historyTable;
        this.sideTable = sideTable;
        this.history = dialect.qualify(historyTable);
        this.side = dialect.qualify(sideTable);
        this.order = order;
        this.remembered = remembered;
        this.digest = dialect.historyDigest(history, side, true);
        this.digestWithoutFingerprints = dialect.historyDigest(history, side, false);
        this.catalogDigest = dialect.catalogDigest(history, side);
    }

    /**
     * Whether a read found migrate's side table without its {@code fingerprint} column: a side
     * table of an older release, which {@link #createTables} upgrades under the lock.
     */
    public boolean lacksFingerprintColumn() {
        return Boolean.FALSE.equals(fingerprintColumn);
    }

    /**
     * Reads both tables in one round trip, everything included (times, durations, who applied):
     * for status. A missing history table is an empty history; a missing side table (a database
     * only the Go tool used so far) means no details.
     */
    public HistorySnapshot read(Connection connection) throws SQLException {
        return read(connection, true);
    }

    /**
     * Reads what planning needs, in one round trip: applied ids, checksums and failures, without
     * times, durations and who applied ({@code appliedAt} and {@code updatedAt} are null). This is
     * the read of every boot and of every waiter's check, so it decodes as little as it can.
     *
     * <p>The same statement asks the database for its {@linkplain Dialect#historyDigest digest} of
     * those rows, and the snapshot is remembered under that digest in {@link PlanningReads}. Once one is remembered, a read first asks for the digest alone (one row):
     * when the database answers a digest already remembered, the history holds exactly those rows
     * and the remembered snapshot is returned without reading them again; otherwise they are read
     * as above. Either way a read reflects the tables as they are when it runs.
     */
    public HistorySnapshot readForPlanning(Connection connection) throws SQLException {
        if (!remembered.isEmpty()) {
            String current = currentDigest(connection);
            if (current != null) {
                HistorySnapshot known = remembered.get(current);
                if (known != null) {
                    return known;
                }
            }
        }
        return read(connection, false);
    }

    /**
     * Whether the database answers {@code expected} for its {@linkplain Dialect#catalogDigest
     * catalog digest}: then the history holds exactly the migrations {@code expected} was computed
     * from, each applied, with the fingerprint it is listed with bound to its recorded checksum,
     * and an up has nothing to do. One row read instead of every row; false (read the rows) where
     * the dialect has no such digest, a table or the fingerprint column is missing, or the history
     * holds anything else.
     */
    public boolean holdsExactly(Connection connection, String expected) throws SQLException {
        String sql = catalogDigest;
        if (sql == null || Boolean.FALSE.equals(fingerprintColumn)) {
            return false;
        }
        try (PreparedStatement statement = prepare(connection, sql);
                ResultSet row = statement.executeQuery()) {
            return row.next() && expected.equals(row.getString(1));
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                return false;
            }
            if (dialect.isMissingColumn(e)) {
                fingerprintColumn = false;
                return false;
            }
            if (dialect.isMissingFunction(e)) {
                return false; // a server that is PostgreSQL's look-alike: the rows tell
            }
            throw e;
        }
    }

    /** The database's digest of the history now, or null when a table (or the fingerprint column) is missing. */
    private @Nullable String currentDigest(Connection connection) throws SQLException {
        // Prepared, so that a driver that keeps prepared statements per connection (the PostgreSQL
        // driver, after a few uses) need not have the server parse and plan it on every boot check.
        boolean fingerprints = !Boolean.FALSE.equals(fingerprintColumn);
        try (PreparedStatement statement = prepare(connection, fingerprints ? digest : digestWithoutFingerprints);
                ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                return null;
            }
            if (fingerprints && dialect.isMissingColumn(e)) {
                fingerprintColumn = false;
                return null;
            }
            throw e;
        }
    }

    private HistorySnapshot read(Connection connection, boolean full) throws SQLException {
        if (!Boolean.FALSE.equals(fingerprintColumn)) {
            try {
                HistorySnapshot snapshot = query(connection, both(full, true), true, true, full);
                fingerprintColumn = true;
                return snapshot;
            } catch (SQLException e) {
                if (!dialect.isMissingColumn(e)) {
                    return historyOnly(connection, full, e);
                }
                // a side table of an older release: read it without fingerprints, and the first
                // up that holds the lock adds the column (MigrationRunner)
                fingerprintColumn = false;
            }
        }
        try {
            return query(connection, both(full, false), true, false, full);
        } catch (SQLException e) {
            return historyOnly(connection, full, e);
        }
    }

    /**
     * Both tables in one statement. Planning reads add one row, its id null (ids never are), that
     * carries the digest.
     */
    private String both(boolean full, boolean fingerprints) {
        return "select " + q("id") + ", " + column("applied_at", full)
                + ", null, null, null, null, null, null, null" + (fingerprints ? ", null" : "") + " from " + history
                + " union all select " + q("id") + ", null, " + q("checksum") + ", " + column("execution_ms", full)
                + ", " + column("applied_by", full) + ", " + q("state") + ", " + q("failed_line") + ", "
                + q("message") + ", " + column("updated_at", full) + (fingerprints ? ", " + q("fingerprint") : "")
                + " from " + side
                + (full
                        ? ""
                        : " union all select null, null, (" + (fingerprints ? digest : digestWithoutFingerprints)
                                + "), null, null, null, null, null, null" + (fingerprints ? ", null" : ""));
    }

    /** After {@code failure} of a read of both tables: the history alone when the side table is missing. */
    private HistorySnapshot historyOnly(Connection connection, boolean full, SQLException failure) throws SQLException {
        if (!dialect.isMissingTable(failure)) {
            throw failure;
        }
        String historyOnly = "select " + q("id") + ", " + column("applied_at", full) + " from " + history;
        try {
            return query(connection, historyOnly, false, false, full);
        } catch (SQLException e) {
            if (dialect.isMissingTable(e)) {
                return new HistorySnapshot(false, List.of(), Map.of());
            }
            throw e;
        }
    }

    private String column(String name, boolean read) {
        return read ? q(name) : "null";
    }

    /**
     * @param withDetails whether {@code sql} reads the side table's columns too
     * @param fingerprints whether it reads the fingerprint column as the tenth
     */
    private HistorySnapshot query(
            Connection connection, String sql, boolean withDetails, boolean fingerprints, boolean full)
            throws SQLException {
        List<AppliedRow> applied = new ArrayList<>();
        List<MigrationDetails> details = new ArrayList<>();
        String digestRead = null;
        // Prepared, like the digest query after it: the second boot check of a process then runs
        // driver code the first one has already run.
        try (PreparedStatement statement = prepare(connection, sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                String id = rows.getString(1);
                if (id == null) {
                    digestRead = rows.getString(3);
                } else if (withDetails && rows.getString(6) != null) {
                    Long executionMillis = null;
                    if (full) {
                        long millis = rows.getLong(4);
                        executionMillis = rows.wasNull() ? null : millis;
                    }
                    int line = rows.getInt(7);
                    Integer failedLine = rows.wasNull() ? null : line;
                    details.add(new MigrationDetails(
                            id,
                            rows.getString(3),
                            executionMillis,
                            full ? rows.getString(5) : null,
                            rows.getString(6),
                            failedLine,
                            rows.getString(8),
                            full ? orEpoch(dialect.readInstant(rows, 9)) : null,
                            fingerprints ? rows.getString(10) : null));
                } else {
                    applied.add(new AppliedRow(id, full ? orEpoch(dialect.readInstant(rows, 2)) : null));
                }
            }
        }
        HistorySnapshot snapshot = HistorySnapshot.of(true, applied, details, order);
        if (digestRead != null) {
            remembered.remember(digestRead, snapshot);
        }
        return snapshot;
    }

    /**
     * Creates the history table (the Go tool's DDL) and the side table where missing, and their
     * schema first when it is missing. Each is looked up before it is created: creating a schema,
     * even {@code if not exists}, needs {@code CREATE} on the database, and creating a table needs
     * {@code CREATE} on the schema even when the table exists, neither of which a least-privileged
     * role (one that owns its schema, or one that may only write tables created for it) need have.
     */
    public void createTables(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds);
            String schema = historyTable.schema();
            if (schema != null && !dialect.schemaExists(connection, schema)) {
                statement.execute(dialect.createSchema(schema));
            }
            if (!dialect.tableExists(connection, historyTable)) {
                for (String sql : dialect.createHistoryTable(historyTable)) {
                    statement.execute(sql);
                }
            }
            if (!dialect.tableExists(connection, sideTable)) {
                for (String sql : dialect.createSideTable(sideTable)) {
                    statement.execute(sql);
                }
                fingerprintColumn = true;
            } else if (!hasFingerprintColumn(connection)) {
                addFingerprintColumn(statement);
            }
        }
    }

    /**
     * Adds the fingerprint column to a side table of an older release, if it still lacks it, the
     * {@code alter} waiting at most {@code wait} (in whole seconds, at least one) for the table: a
     * run with nothing to do gives up rather than keep every reader of the side table (every other
     * replica's boot) queued behind its {@code alter} while another session holds the table (a long
     * transaction, a {@code pg_dump}). Giving up is the query timeout's {@link SQLException}.
     */
    public void addFingerprintColumn(Connection connection, Duration wait) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(timeoutSeconds(wait));
            if (!hasFingerprintColumn(connection)) {
                addFingerprintColumn(statement);
            }
        }
    }

    /** Whether the side table has its fingerprint column, as a read told, else asked now. */
    private boolean hasFingerprintColumn(Connection connection) throws SQLException {
        Boolean known = fingerprintColumn;
        if (known != null) {
            return known;
        }
        try (PreparedStatement probe =
                        prepare(connection, "select " + q("fingerprint") + " from " + side + " where 1 = 0");
                ResultSet none = probe.executeQuery()) {
            fingerprintColumn = true;
            return true;
        } catch (SQLException e) {
            if (dialect.isMissingColumn(e)) {
                fingerprintColumn = false;
                return false;
            }
            throw e;
        }
    }

    /**
     * Adds the fingerprint column to a side table of an older release. Refused (a role that does not
     * own the table may not alter it), the run goes on without fingerprints, as before them: every
     * applied file is read and hashed whenever it is checked. One line says how to enable them.
     */
    private void addFingerprintColumn(Statement statement) throws SQLException {
        String alter = dialect.addFingerprintColumn(sideTable);
        try {
            statement.execute(alter);
            fingerprintColumn = true;
            log.info("Added the column fingerprint to " + side
                    + ": applied files whose fingerprint is unchanged need not be read on later runs");
        } catch (SQLException e) {
            if (dialect.isQueryTimeout(e)) {
                throw e;
            }
            log.warn("Could not add the column fingerprint to " + side + " (" + e.getMessage()
                    + "), so every applied file is read and hashed on each run as before; to enable fingerprints,"
                    + " have the table's owner run: " + alter);
        }
    }

    /**
     * Records fingerprints of applied files in one batched statement, each only where the side row
     * still has the checksum it is bound to (so a checksum written meanwhile by a repair or another
     * process is never paired with a fingerprint of other bytes). Idempotent: replicas that record
     * the same fingerprints at once write the same values. Nothing is done when the side table has
     * no fingerprint column.
     *
     * @return how many rows were written
     */
    public int recordFingerprints(Connection connection, List<RecordedFingerprint> fingerprints) throws SQLException {
        if (fingerprints.isEmpty() || Boolean.FALSE.equals(fingerprintColumn)) {
            return 0;
        }
        try (PreparedStatement update = prepare(
                connection,
                "update " + side + " set " + q("fingerprint") + " = ? where " + q("id") + " = ? and " + q("checksum")
                        + " = ?")) {
            for (RecordedFingerprint fingerprint : fingerprints) {
                update.setString(1, fingerprint.fingerprint());
                update.setString(2, fingerprint.id());
                update.setString(3, fingerprint.checksum());
                update.addBatch();
            }
            int written = 0;
            for (int count : update.executeBatch()) {
                written += Math.max(0, count);
            }
            return written;
        }
    }

    /**
     * Records a migration as applied: the history row and an {@code applied} side row, which holds
     * {@code fingerprint} too where the side table has the column (see {@link #writesFingerprints}).
     *
     * @param fingerprint the file's fingerprint {@linkplain dev.migrate.internal.checksum.Fingerprint#bound
     *     bound} to {@code checksum}, or null when it has none
     */
    public void recordApplied(
            Connection connection,
            String id,
            @Nullable String checksum,
            @Nullable String fingerprint,
            long millis,
            String by)
            throws SQLException {
        try (PreparedStatement insert = prepare(
                connection,
                "insert into " + history + " (" + q("id") + ", " + q("applied_at") + ") values (?, " + dialect.now()
                        + ")")) {
            insert.setString(1, id);
            insert.executeUpdate();
        }
        writeDetails(connection, id, checksum, millis, by, MigrationDetails.APPLIED, null, null, fingerprint);
    }

    /**
     * Whether a side row written now can hold the fingerprint: the side table is known to have the
     * column ({@link #createTables}, which runs under the lock before anything is applied, makes
     * sure of it where it may). Where it is not, the row is written without it, as before
     * fingerprints.
     */
    private boolean writesFingerprints() {
        return Boolean.TRUE.equals(fingerprintColumn);
    }

    /**
     * {@link #recordApplied}'s writes as statements with their values written in, for a batch that
     * sends them with the migration's last statements (a batch takes no parameters): first one that
     * bounds the rest of the transaction by the timeout, then the history row, then the side row,
     * whose duration is the time since the transaction (the migration's) started, by the database's
     * clock, and which holds the fingerprint as {@link #recordApplied}'s does. Null where the
     * database has no such bound, duration or literals; call {@link #recordApplied} then.
     */
    public @Nullable List<String> appliedStatements(
            String id, @Nullable String checksum, @Nullable String fingerprint, String by) {
        String bound = dialect.transactionStatementTimeout(timeoutSeconds);
        String millis = dialect.transactionMillis();
        String idValue = dialect.stringLiteral(id);
        String checksumValue = checksum == null ? "null" : dialect.stringLiteral(checksum);
        String fingerprintValue = fingerprint == null ? "null" : dialect.stringLiteral(fingerprint);
        String byValue = dialect.stringLiteral(by);
        String state = dialect.stringLiteral(MigrationDetails.APPLIED);
        if (bound == null
                || millis == null
                || idValue == null
                || checksumValue == null
                || fingerprintValue == null
                || byValue == null
                || state == null) {
            return null;
        }
        String historyRow = "insert into " + history + " (" + q("id") + ", " + q("applied_at") + ") values (" + idValue
                + ", " + dialect.now() + ")";
        List<String> values = List.of(
                idValue, checksumValue, millis, byValue, state, "null", "null", dialect.now(), fingerprintValue);
        String sideRow = writesFingerprints()
                ? dialect.upsert(sideTable, APPLIED_COLUMNS, values)
                : dialect.upsert(sideTable, DETAIL_COLUMNS, values.subList(0, DETAIL_COLUMNS.size()));
        return List.of(bound, historyRow, sideRow);
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

    /**
     * Marks a failed Down of an applied migration: the history row stays (it is still applied), and
     * its side row keeps the checksum, duration and who applied it, gaining the state {@link
     * MigrationDetails#DOWN_FAILED}, the line and the message. Without a side row (the Go tool
     * applied it), one is written with no checksum.
     */
    public void recordDownFailed(Connection connection, String id, int line, String message, String by)
            throws SQLException {
        markDown(connection, id, MigrationDetails.DOWN_FAILED, line, message, by);
    }

    /**
     * Writes the running mark of an Up ({@link MigrationDetails#RUNNING}) before the statement at
     * {@code line}, shown as {@code statement}; the history write or a failure mark replaces it.
     */
    public void recordRunning(
            Connection connection, String id, @Nullable String checksum, int line, String statement, String by)
            throws SQLException {
        writeDetails(connection, id, checksum, null, by, MigrationDetails.RUNNING, line, statement);
    }

    /**
     * Writes the running mark of a Down ({@link MigrationDetails#DOWN_RUNNING}) on the side row of
     * the applied migration, keeping its details as {@link #recordDownFailed} does.
     */
    public void recordDownRunning(Connection connection, String id, int line, String statement, String by)
            throws SQLException {
        markDown(connection, id, MigrationDetails.DOWN_RUNNING, line, statement, by);
    }

    private void markDown(Connection connection, String id, String state, int line, String message, String by)
            throws SQLException {
        try (PreparedStatement update = prepare(
                connection,
                "update " + side + " set " + q("state")
                        + " = ?, " + q("failed_line") + " = ?, " + q("message") + " = ?, " + q("updated_at") + " = "
                        + dialect.now() + " where " + q("id") + " = ?")) {
            update.setString(1, state);
            update.setInt(2, line);
            update.setString(3, message);
            update.setString(4, id);
            if (update.executeUpdate() == 0) {
                writeDetails(connection, id, null, null, by, state, line, message);
            }
        }
    }

    /**
     * Forgets a failure or a running mark so the next run may run the migration again: a failed or
     * interrupted Up's side row goes; a failed or interrupted Down's side row is applied again, its
     * details as they were.
     */
    public void clearFailure(Connection connection, String id) throws SQLException {
        try (PreparedStatement delete = prepare(
                connection, "delete from " + side + " where " + q("id") + " = ? and " + q("state") + " in (?, ?)")) {
            delete.setString(1, id);
            delete.setString(2, MigrationDetails.FAILED);
            delete.setString(3, MigrationDetails.RUNNING);
            delete.executeUpdate();
        }
        try (PreparedStatement update = prepare(
                connection,
                "update " + side + " set " + q("state")
                        + " = ?, " + q("failed_line") + " = null, " + q("message") + " = null where " + q("id")
                        + " = ? and "
                        + q("state") + " in (?, ?)")) {
            update.setString(1, MigrationDetails.APPLIED);
            update.setString(2, id);
            update.setString(3, MigrationDetails.DOWN_FAILED);
            update.setString(4, MigrationDetails.DOWN_RUNNING);
            update.executeUpdate();
        }
    }

    /**
     * Records an applied migration under a new id (its file was renamed): the history row and the
     * side row keep their times, checksum and who applied it.
     */
    public void recordRenamed(Connection connection, String oldId, String newId) throws SQLException {
        for (String table : List.of(history, side)) {
            try (PreparedStatement update =
                    prepare(connection, "update " + table + " set " + q("id") + " = ? where " + q("id") + " = ?")) {
                update.setString(1, newId);
                update.setString(2, oldId);
                update.executeUpdate();
            }
        }
    }

    /** Records the current checksum of an applied file. */
    public void updateChecksum(Connection connection, String id, String checksum, String by) throws SQLException {
        try (PreparedStatement update = prepare(
                connection,
                "update " + side + " set " + q("checksum") + " = ?, " + q("updated_at") + " = " + dialect.now()
                        + " where " + q("id") + " = ?")) {
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
        writeDetails(connection, id, checksum, millis, by, state, line, message, null);
    }

    /**
     * Upserts a side row; an {@code applied} one holds {@code fingerprint} too where the side table
     * has the column ({@link #writesFingerprints}), as {@link #appliedStatements}' does.
     */
    private void writeDetails(
            Connection connection,
            String id,
            @Nullable String checksum,
            @Nullable Long millis,
            String by,
            String state,
            @Nullable Integer line,
            @Nullable String message,
            @Nullable String fingerprint)
            throws SQLException {
        boolean withFingerprint = MigrationDetails.APPLIED.equals(state) && writesFingerprints();
        String sql = withFingerprint ? upsertApplied : upsertDetails;
        if (sql == null) {
            List<String> values = new ArrayList<>(List.of("?", "?", "?", "?", "?", "?", "?", dialect.now()));
            if (withFingerprint) {
                values.add("?");
                sql = upsertApplied = dialect.upsert(sideTable, APPLIED_COLUMNS, values);
            } else {
                sql = upsertDetails = dialect.upsert(sideTable, DETAIL_COLUMNS, values);
            }
        }
        try (PreparedStatement upsert = prepare(connection, sql)) {
            upsert.setString(1, id);
            upsert.setString(2, checksum);
            upsert.setObject(3, millis, Types.BIGINT);
            upsert.setString(4, by);
            upsert.setString(5, state);
            upsert.setObject(6, line, Types.INTEGER);
            upsert.setString(7, message);
            if (withFingerprint) {
                upsert.setString(8, fingerprint);
            }
            upsert.executeUpdate();
        }
    }

    private static List<String> plusFingerprint(List<String> columns) {
        List<String> all = new ArrayList<>(columns);
        all.add("fingerprint");
        return List.copyOf(all);
    }

    private void delete(Connection connection, String table, String id) throws SQLException {
        try (PreparedStatement delete = prepare(connection, "delete from " + table + " where " + q("id") + " = ?")) {
            delete.setString(1, id);
            delete.executeUpdate();
        }
    }

    /** A statement on the tables, bounded by the timeout. */
    private PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(timeoutSeconds);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    /** A duration as {@link java.sql.Statement#setQueryTimeout} takes it: whole seconds, rounded up, at least one. */
    public static int timeoutSeconds(Duration timeout) {
        long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /** The history table and the side table, as this repository names them. */
    public List<TableName> tables() {
        return List.of(historyTable, sideTable);
    }

    private String q(String column) {
        return dialect.quote(column);
    }

    /** The Go tool never writes a NULL {@code applied_at}; a row someone wrote by hand may have one. */
    private static Instant orEpoch(@Nullable Instant instant) {
        return instant == null ? Instant.EPOCH : instant;
    }
}
