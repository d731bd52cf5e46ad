package dev.migrate.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which statements the DDL guard leaves uncut, and which index a concurrent build names. */
class ConcurrentStatementTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "create index concurrently items_name on items (name)                    | items_name",
                "CREATE UNIQUE INDEX CONCURRENTLY Items_Name ON items (name)             | items_name",
                "create index concurrently if not exists items_name on items (name);    | items_name",
                "create index concurrently \"Items Name\" on items (name)                | \"Items Name\"",
                "create index concurrently app.items_name on app.items (name)           | app.items_name",
                "-- why\\n/* note */ create index\\n  concurrently items_name on items(name) | items_name",
                "create index concurrently on items (name)                               | ''",
            })
    void aConcurrentIndexBuildNamesItsIndex(String sql, String index) {
        assertThat(ConcurrentStatement.of(sql.replace("\\n", "\n")))
                .hasValueSatisfying(
                        statement -> assertThat(statement.createdIndex()).isEqualTo(index.isEmpty() ? null : index));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "drop index concurrently items_name",
                "drop index concurrently if exists items_name",
                "reindex index concurrently items_name",
                "reindex (verbose) table concurrently items",
                "REINDEX SCHEMA CONCURRENTLY app",
                "alter table events detach partition events_old concurrently",
                "alter table if exists only app.events detach partition app.events_old concurrently;",
            })
    void otherStatementsThatWorkConcurrentlyAreRecognised(String sql) {
        assertThat(ConcurrentStatement.of(sql))
                .hasValueSatisfying(
                        statement -> assertThat(statement.createdIndex()).isNull());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "create index items_name on items (name)",
                "create index concurrently_named on items (name)",
                "alter table events detach partition events_old",
                "alter table events detach partition events_old finalize",
                "refresh materialized view concurrently totals",
                "select 'create index concurrently x on t (c)'",
                "-- create index concurrently x on t (c)\nselect 1",
                "/* reindex index concurrently x */ select 1",
                "insert into notes values ('reindex index concurrently x')",
                "",
            })
    void everythingElseIsNot(String sql) {
        assertThat(ConcurrentStatement.of(sql)).isEmpty();
    }
}
