package dev.migrate.execute;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatementRunnerTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "insert into t values (1);|true",
                "  INSERT INTO t values (1);|true",
                "-- note\\ninsert into t values (1);|true",
                "/* c */ update t set a = 1;|true",
                "delete from t;|true",
                "insert into t values (1) returning id;|false",
                "select 1;|false",
                "create table t (id int);|false",
                "with x as (select 1) insert into t select * from x;|false",
                "insertion_fn();|false",
                "|false"
            })
    void batchesOnlyPlainDataChanges(String sql, boolean batched) {
        String text = sql == null ? "" : sql.replace("\\n", "\n");
        assertThat(StatementRunner.isPlainDataChange(text)).isEqualTo(batched);
    }
}
