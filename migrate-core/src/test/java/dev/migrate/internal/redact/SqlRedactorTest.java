package dev.migrate.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlRedactorTest {

    @ParameterizedTest
    @CsvSource(
            delimiterString = "=>",
            value = {
                "create role app password 'hunter22' => create role app password '***'",
                "CREATE ROLE app WITH LOGIN ENCRYPTED PASSWORD 'it''s secret' VALID UNTIL '2030-01-01'"
                        + " => CREATE ROLE app WITH LOGIN ENCRYPTED PASSWORD '***' VALID UNTIL '***'",
                "alter role app password $pw$hunter22$pw$ => alter role app password '***'",
                "alter user 'app'@'%' identified by 'hunter22' => alter user 'app'@'%' identified by '***'",
                "create user app identified with mysql_native_password by \"hunter22\""
                        + " => create user app identified with mysql_native_password by '***'",
                "alter user app identified via ed25519 using password('hunter22')"
                        + " => alter user app identified via ed25519 using password('***')",
                "set password for app = password('hunter22') => set password for app = password('***')",
                "insert into users (name, password) values ('bob', 'hunter22') =>"
                        + " insert into users (name, password) values ('***', '***')",
                "alter role app password 'cut off by trunca => alter role app password '***'",
                "alter user app identified by 'a\\'b' => alter user app identified by '***'",
                "insert into t (name) values ('password') => insert into t (name) values ('password')",
                "update t set password_reset = true where name = 'bob'"
                        + " => update t set password_reset = true where name = 'bob'",
                "select $1, 'x' => select $1, 'x'",
            })
    void hidesEveryLiteralAfterPasswordOrIdentified(String sql, String redacted) {
        assertThat(SqlRedactor.redact(sql)).isEqualTo(redacted);
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = "=>",
            value = {
                "create role app password 'hunter22' => hunter22",
                "alter role app password $pw$hunter22$pw$ => hunter22",
                "alter role app password 'cut off => cut off",
            })
    void namesTheSecretsItHides(String sql, String secret) {
        assertThat(SqlRedactor.secrets(sql)).containsExactly(secret);
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = "=>",
            value = {
                "syntax error at or near \"'hunter22'\" => syntax error at or near \"'***'\"",
                "role \"pw\" exists => role \"pw\" exists",
            })
    void scrubsSecretsOfFourCharactersOrMoreFromOtherText(String message, String scrubbed) {
        assertThat(SqlRedactor.scrub(message, List.of("hunter22", "pw"))).isEqualTo(scrubbed);
    }
}
