package dev.migrate.internal.execute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementRunnerTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}, with DDL {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "insert into t values (1);|true|true",
                "  INSERT INTO t values (1);|true|true",
                "-- note\\ninsert into t values (1);|true|true",
                "/* c */ update t set a = 1;|true|true",
                "delete from t;|true|true",
                "replace into t values (1);|true|true",
                "insert into t values (1) returning id;|false|false",
                "select 1;|false|false",
                "create table t (id int);|false|true",
                "ALTER TABLE t ADD c int;|false|true",
                "drop index i;|false|true",
                "with x as (select 1) insert into t select * from x;|false|false",
                "do $$ begin perform 1; end $$;|false|false",
                "insertion_fn();|false|false",
                "insert into t values (1); insert into t values (2);|false|false",
                "create table t (id int); -- note|false|false",
                "create function f() returns int as $$ begin return 1; end; $$ language plpgsql;|false|false",
                "|false|false"
            })
    void batchesStatementsThatReturnNoRows(String sql, boolean withoutDdl, boolean withDdl) {
        String text = sql == null ? "" : sql.replace("\\n", "\n");
        assertThat(StatementRunner.isBatchable(text, false)).isEqualTo(withoutDdl);
        assertThat(StatementRunner.isBatchable(text, true)).isEqualTo(withDdl);
    }
}
