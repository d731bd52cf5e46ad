package dev.migrate.ddl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlTextRedactionTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "alter role app password 'hunter2'|alter role app password '***'",
                "CREATE ROLE x WITH LOGIN PASSWORD 'it''s hunter2' VALID UNTIL 'infinity'|CREATE ROLE x WITH LOGIN PASSWORD '***' VALID UNTIL 'infinity'",
                "create user u identified by 'hunter2'|create user u identified by '***'",
                "set password for u = password('hunter2')|set password for u = password('***')",
                "alter user u identified by password '*AB12hunter2'|alter user u identified by password '***'",
                "select count(*) /* password 'hunter2' */ from t|select count(*) /* password '***' */ from t",
                "select name from users where id = 1|select name from users where id = 1"
            })
    void hidesTheLiteralAfterPasswordOrIdentifiedBy(String sql, String shown) {
        assertThat(SqlTextRedaction.redact(sql)).isEqualTo(shown).doesNotContain("hunter2");
    }
}
