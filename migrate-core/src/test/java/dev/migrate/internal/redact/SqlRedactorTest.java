package dev.migrate.internal.redact;

import static org.assertj.core.api.Assertions.assertThat;

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
                "do $$ begin if not exists (select 1 from pg_roles where rolname = 'app') then create role app login"
                        + " password 'hunter22'; end if; end $$ => do $$ begin if not exists (select 1 from pg_roles"
                        + " where rolname = 'app') then create role app login password '***'; end if; end $$",
                "DO $body$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', 'app', 'hunter22'); END $body$"
                        + " => DO $body$ BEGIN EXECUTE format('ALTER ROLE %I PASSWORD %L', '***', '***'); END $body$",
                "do 'begin create role app password ''hunter22''; end' => do 'begin create role app password ''***''; end'",
                "do $$ begin create role app password 'cut off by trunca => do $$ begin create role app password '***'",
                "select dblink_connect('host=db dbname=app user=app password=hunter22')"
                        + " => select dblink_connect('host=db dbname=app user=app password=***')",
                "create subscription s connection 'host=db password=hunter22 dbname=app' publication p"
                        + " => create subscription s connection 'host=db password=*** dbname=app' publication p",
                "select 'postgres://app:hunter22@db/app' => select 'postgres://***@db/app'",
                "select \"jdbc:mysql://db/app?user=app&password=hunter22\" => select \"jdbc:mysql://db/app?user=app&password=***\"",
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
                "do $$ begin create role app password 'hunter22'; end $$ => hunter22",
                "select dblink_connect('host=db password=hunter22') => hunter22",
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
                "invalid input syntax for type integer: \"host=db password=hunter22\""
                        + " => invalid input syntax for type integer: \"host=db password=***\"",
            })
    void cleansAMessageOfItsStatementsSecretsOfFourCharactersOrMore(String message, String cleaned) {
        assertThat(SqlRedactor.message(message, "alter role app password 'hunter22' valid until 'pw'"))
                .isEqualTo(cleaned);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "No suitable driver found for jdbc:mysql://(host=db,port=3306,user=app,password=hunter22)/app"
                        + "|No suitable driver found for jdbc:mysql://(host=db,port=3306,user=app,password=***",
                "jdbc:mysql://address=(host=db)(port=3306)(password=hunter22)/app"
                        + "|jdbc:mysql://address=(host=db)(port=3306)(password=***",
                "jdbc:mariadb://db/app?user=app&password=hunter22&useSsl=true|jdbc:mariadb://db/app?user=app&password=***",
                "Connection to postgres://app:hunter22@db/app refused|Connection to postgres://***@db/app refused",
                "jdbc:h2:mem:test;PASSWORD=hunter22|jdbc:h2:mem:test;PASSWORD=***",
                "jdbc:postgresql://db/app?password1=hunter22 ok|jdbc:postgresql://db/app?password1=*** ok",
                "FATAL: password authentication failed for user \"app\"|FATAL: password authentication failed for user \"app\"",
            })
    void hidesPasswordPairsAndUserInformationInAnyText(String text, String cleaned) {
        assertThat(SqlRedactor.message(text)).isEqualTo(cleaned).doesNotContain("hunter22");
    }

    @org.junit.jupiter.api.Test
    void showsAStatementOnOneLineRedactedAndShortened() {
        assertThat(SqlRedactor.shown("create role app\n   password 'hunter22';", 200))
                .isEqualTo("create role app password '***';");
        assertThat(SqlRedactor.shown("select 1234567890", 10)).isEqualTo("select 123…");
    }
}
