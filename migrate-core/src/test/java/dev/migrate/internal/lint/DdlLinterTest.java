package dev.migrate.internal.lint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.internal.parse.SqlStatement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each rule, and the safe forms it must leave alone, as a table. */
class DdlLinterTest {

    /** Earlier statements (on their own lines), the statement checked last, the rule expected or null. */
    static Stream<Arguments> cases() {
        return Stream.of(
                // create index
                row("create index users_name on users (name);", "index-without-concurrently"),
                row("CREATE UNIQUE INDEX IF NOT EXISTS u ON public.users (email);", "index-without-concurrently"),
                row("create index on only \"Users\" (name);", "index-without-concurrently"),
                row("create index concurrently users_name on users (name);", null),
                row("create unique index concurrently if not exists u on users (email);", null),
                row("create table users (id int);\ncreate index users_id on users (id);", null),
                row("create table app.users (id int);\ncreate index users_id on app.users (id);", null),
                // foreign keys and checks
                row(
                        "alter table orders add constraint fk foreign key (user_id) references users (id);",
                        "foreign-key-without-not-valid"),
                row(
                        "alter table orders add foreign key (user_id) references users (id);",
                        "foreign-key-without-not-valid"),
                row(
                        "alter table orders add constraint fk foreign key (user_id) references users (id) not valid;",
                        null),
                row("alter table orders add constraint positive check (amount > 0);", "check-without-not-valid"),
                row("alter table orders add constraint positive check (amount > 0) not valid;", null),
                row("alter table orders validate constraint positive;", null),
                row(
                        "create table orders (id int, user_id int);\n"
                                + "alter table orders add constraint fk foreign key (user_id) references users (id);",
                        null),
                // column type
                row("alter table users alter column name type text;", "column-type-change"),
                row("alter table users alter column age set data type bigint;", "column-type-change"),
                row("alter table users alter age type bigint using age::bigint;", "column-type-change"),
                row("alter table users alter column name set default 'x';", null),
                row("create table users (age int);\nalter table users alter column age type bigint;", null),
                // set not null
                row("alter table users alter column email set not null;", "set-not-null-without-check"),
                row(
                        "alter table users add constraint email_nn check (email is not null) not valid;\n"
                                + "alter table users validate constraint email_nn;\n"
                                + "alter table users alter column email set not null;",
                        null),
                row(
                        "alter table users add constraint email_nn check (email is not null) not valid;\n"
                                + "alter table users alter column email set not null;",
                        "set-not-null-without-check"),
                row("alter table users alter column email drop not null;", null),
                // add column
                row(
                        "alter table users add column token uuid default gen_random_uuid();",
                        "add-column-volatile-default"),
                row(
                        "alter table users add column seen timestamptz not null default clock_timestamp();",
                        "add-column-volatile-default"),
                row("alter table users add column n bigserial;", "add-column-volatile-default"),
                row(
                        "alter table users add column total int generated always as (a + b) stored;",
                        "add-column-volatile-default"),
                row("alter table users add column version int8 not null default 1;", null),
                row("alter table users add column created timestamptz not null default now();", null),
                row("alter table users add column note text default 'random()';", null),
                row("alter table users add column a int, add column b int default 0;", null),
                row(
                        "create table users (id int);\nalter table users add column token uuid default gen_random_uuid();",
                        null),
                // lock table
                row("lock table users in access exclusive mode;", "lock-table"),
                row("LOCK users;", "lock-table"),
                row("create table users (id int);\nlock table users;", null),
                // not DDL at all, and comments or literals that only look like it
                row("insert into users (name) values ('create index x on users (a)');", null),
                row("-- create index x on users (a)\nselect 1;", null),
                row("select 'lock table users';", null),
                // several actions, one of them dangerous
                row("alter table users add column a int, alter column b set not null;", "set-not-null-without-check"));
    }

    private static Arguments row(String statements, String rule) {
        return Arguments.of(statements, rule);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("cases")
    void findsWhatIsDangerousAndNothingElse(String statements, String rule) {
        DdlLinter linter = new DdlLinter();
        String[] lines = statements.split("\n");
        for (int i = 0; i < lines.length; i++) {
            linter.check("1_m.sql", new SqlStatement(lines[i], i + 2));
        }

        List<LintFinding> findings = linter.findings();

        if (rule == null) {
            assertThat(findings).isEmpty();
        } else {
            assertThat(findings).singleElement().satisfies(finding -> {
                assertThat(finding.rule()).isEqualTo(rule);
                assertThat(finding.file()).isEqualTo("1_m.sql");
                assertThat(finding.line()).isEqualTo(lines.length + 1);
                assertThat(finding.saferForm()).isNotBlank();
            });
        }
    }

    @ParameterizedTest
    @MethodSource("newTableAcrossFiles")
    void aTableCreatedByAnEarlierPendingMigrationIsNotExisting(String later) {
        DdlLinter linter = new DdlLinter();
        linter.check("1_create.sql", new SqlStatement("create table audit (id int, actor int, at timestamptz);", 2));

        linter.check("2_later.sql", new SqlStatement(later, 2));

        assertThat(linter.findings()).isEmpty();
    }

    static Stream<String> newTableAcrossFiles() {
        return Stream.of(
                "create index audit_at on audit (at);",
                "alter table audit add constraint fk foreign key (actor) references users (id);",
                "alter table audit alter column actor set not null;",
                "lock table audit;");
    }

    @org.junit.jupiter.api.Test
    void describesFileLineAndTheSaferForm() {
        DdlLinter linter = new DdlLinter();
        linter.check("20240301-idx.sql", new SqlStatement("create index i on users (a);", 7));

        assertThat(linter.findings().get(0).describe())
                .startsWith("20240301-idx.sql:7: create index on existing table users")
                .contains("safer: create index concurrently");
    }
}
