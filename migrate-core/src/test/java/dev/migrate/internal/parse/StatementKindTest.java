package dev.migrate.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The one classification of statements, as tables: its kinds, and which statements may commit implicitly. */
class StatementKindTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "insert into t values (1);|DATA_CHANGE",
                "  REPLACE INTO t VALUES (1);|DATA_CHANGE",
                "-- note\\n/* c */ update t set a = 1;|DATA_CHANGE",
                "(select 1) union (select 2);|QUERY",
                "with x as (select 1) select * from x;|QUERY",
                "set search_path = app;|SESSION",
                "set autocommit = 1;|OTHER",
                "SET PASSWORD FOR app = 'x';|OTHER",
                "do $$ begin perform 1; end $$;|SESSION",
                "savepoint s;|SAVEPOINT",
                "release savepoint s;|SAVEPOINT",
                "rollback to savepoint s;|SAVEPOINT",
                "begin;|TRANSACTION_CONTROL",
                "BEGIN WORK;|TRANSACTION_CONTROL",
                "start transaction;|TRANSACTION_CONTROL",
                "start slave;|OTHER",
                "commit;|TRANSACTION_CONTROL",
                "end;|TRANSACTION_CONTROL",
                "rollback;|TRANSACTION_CONTROL",
                "abort;|TRANSACTION_CONTROL",
                "prepare transaction 'x';|TRANSACTION_CONTROL",
                "prepare s from 'create table t (id int)';|OTHER",
                "begin not atomic select 1; end;|OTHER",
                "create table t (id int);|DDL",
                "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50001 VIEW v AS select 1 */;|DDL",
                "/*M!100100 ALTER TABLE t ADD c int */;|DDL",
                "/*!40101 SET NAMES utf8mb4 */;|SESSION",
                "call p();|OTHER",
                "lock tables t write;|TABLE_LOCK",
                "LOCK TABLE ONLY items IN SHARE MODE;|TABLE_LOCK",
                "-- only a comment\\n;|EMPTY",
                "|EMPTY",
            })
    void classifiesByTheFirstWords(String sql, StatementKind kind) {
        assertThat(StatementKind.of(sql == null ? "" : sql.replace("\\n", "\n")))
                .isEqualTo(kind);
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                // known not to commit: the allow-list
                "insert into t values (1);|false",
                "update t set x = 1;|false",
                "delete from t;|false",
                "replace into t values (1);|false",
                "select 1;|false",
                "with x as (select 1) select * from x;|false",
                "do release_lock('x');|false",
                "set @x = 1;|false",
                "savepoint s;|false",
                "/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;|false",
                "insert into t values ('create'); insert into t values ('a;b');|false",
                "insert into t values ('it''s; drop'), (\"x; y\");|false",
                "insert into t values ('C:\\\\'); update t set a = 1;|false",
                "insert into t values (1); -- drop table t;|false",
                // everything else may
                "create table t (id int);|true",
                "  ALTER TABLE t ADD COLUMN x int;|true",
                "-- a note\\ndrop index i on t;|true",
                "/* c */ rename table a to b;|true",
                "grant select on t to app;|true",
                "truncate t;|true",
                "start transaction;|true",
                "set autocommit = 1;|true",
                "set password for app = password('x');|true",
                "insert into t values (1); create index i on t (id);|true",
                "create temporary table tmp (id int);|true",
                "prepare s from 'alter table t add c int';|true",
                "execute s;|true",
                "call make_tables();|true",
                "/*!50001 CREATE ALGORITHM=UNDEFINED */ /*!50001 VIEW v AS select 1 AS `x` */;|true",
                "/*!40000 ALTER TABLE `t` DISABLE KEYS */;|true",
                "lock tables t write;|true",
                "unlock tables;|true",
                "load data infile 'x' into table t;|true",
                "optimize table t;|true",
                "insert into t values ('C:\\'); create table u (id int); -- '|true",
                "some_future_statement;|true",
            })
    void mayCommitImplicitlyUnlessKnownNotTo(String sql, boolean commits) {
        assertThat(StatementKind.mayCommitImplicitly(sql.replace("\\n", "\n"))).isEqualTo(commits);
    }
}
