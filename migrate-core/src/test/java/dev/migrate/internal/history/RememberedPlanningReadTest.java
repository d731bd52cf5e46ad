package dev.migrate.internal.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.internal.dialect.Dialect;
import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.plan.MigrationOrder;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A planning read answered from memory (when the database's digest of the history is one already
 * seen) must never hide a change: each change to a row or field planning reads is seen by the next
 * read, on every database, while an unchanged history is answered without reading its rows.
 */
class RememberedPlanningReadTest {

    private static final Map<TestDatabase.Kind, TestDatabase> databases = new EnumMap<>(TestDatabase.Kind.class);
    private static int tables;

    @BeforeAll
    static void createDatabases() {
        for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
            databases.put(kind, TestDatabase.create(kind, "remembered"));
        }
    }

    @AfterAll
    static void dropDatabases() {
        databases.values().forEach(TestDatabase::close);
    }

    static Stream<Arguments> changes() {
        List<Arguments> all = new ArrayList<>();
        for (TestDatabase.Kind kind : TestDatabase.Kind.values()) {
            all.add(Arguments.of(
                    kind, "the Go tool applies one", "insert into %h ({id}, {applied_at}) values ('3_c.sql', %now)"));
            all.add(Arguments.of(kind, "a history row is deleted", "delete from %h where {id} = '2_b.sql'"));
            all.add(Arguments.of(
                    kind, "a checksum changes", "update %s set {checksum} = 'edited' where {id} = '1_a.sql'"));
            all.add(Arguments.of(
                    kind, "a checksum becomes null", "update %s set {checksum} = null where {id} = '1_a.sql'"));
            all.add(Arguments.of(
                    kind, "a failure's line changes", "update %s set {failed_line} = 8 where {id} = '9_f.sql'"));
            all.add(Arguments.of(
                    kind, "a failure's message changes", "update %s set {message} = 'boom.' where {id} = '9_f.sql'"));
            all.add(Arguments.of(kind, "a failure is cleared", "delete from %s where {id} = '9_f.sql'"));
            all.add(Arguments.of(kind, "a state changes", "update %s set {state} = 'failed' where {id} = '2_b.sql'"));
            // 9_f.sql failed at line 7 with "1 boom": line and message run together as "71 boom",
            // as they do for line 71 and " boom". Only the digest rows' length prefixes tell apart
            // where the line ends.
            all.add(Arguments.of(
                    kind,
                    "text moves between fields",
                    "update %s set {failed_line} = 71, {message} = ' boom' where {id} = '9_f.sql'"));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("changes")
    void theNextReadSeesTheChange(TestDatabase.Kind kind, String what, String change) throws Exception {
        TestDatabase db = databases.get(kind);
        try (Connection connection = db.connect()) {
            HistoryRepository repository = repository(connection, "history_" + (++tables));
            repository.createTables(connection);
            repository.recordApplied(connection, "1_a.sql", "aaa", null, 5, "test");
            repository.recordApplied(connection, "2_b.sql", "bbb", null, 5, "test");
            repository.recordFailed(connection, "9_f.sql", "fff", 7, "1 boom", "test");

            HistorySnapshot before = repository.readForPlanning(connection);
            assertThat(repository.readForPlanning(connection))
                    .as("an unchanged history is answered from memory")
                    .isSameAs(before);

            execute(connection, sql(connection, change, "history_" + tables));

            HistorySnapshot after = repository.readForPlanning(connection);
            assertThat(planningView(after))
                    .as(what)
                    .isNotEqualTo(planningView(before))
                    .isEqualTo(planningView(repository.read(connection)));
        }
    }

    /** The change as SQL: {@code %h} the history table, {@code %s} the side table, {@code {name}} a quoted column. */
    private static String sql(Connection connection, String template, String table) throws SQLException {
        Dialect dialect = Dialects.detect(connection);
        String sql = template.replace("%h", dialect.quote(table))
                .replace("%s", dialect.quote(table + "_migrate"))
                .replace("%now", "current_timestamp");
        for (String column : List.of("id", "applied_at", "checksum", "state", "failed_line", "message")) {
            sql = sql.replace("{" + column + "}", dialect.quote(column));
        }
        return sql;
    }

    private static HistoryRepository repository(Connection connection, String table) throws SQLException {
        Dialect dialect = Dialects.detect(connection);
        TableName history = new TableName(null, table);
        return new HistoryRepository(
                dialect,
                history,
                history.withSuffix("_migrate"),
                MigrationOrder.INSTANCE,
                new PlanningReads(),
                Duration.ofSeconds(30));
    }

    /** What planning reads: applied ids, and each side row's checksum, state, failed line and message. */
    private static List<String> planningView(HistorySnapshot snapshot) {
        List<String> view = new ArrayList<>();
        snapshot.applied().forEach(applied -> view.add("applied " + applied.id()));
        snapshot.details().values().stream()
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .forEach(d -> view.add("side " + d.id() + " " + d.checksum() + " " + d.state() + " " + d.failedLine()
                        + " " + d.message()));
        return view;
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
