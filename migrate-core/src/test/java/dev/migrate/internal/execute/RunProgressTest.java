package dev.migrate.internal.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.internal.parse.SqlStatement;
import org.junit.jupiter.api.Test;

class RunProgressTest {

    @Test
    void aFailingFirstStatementCommitsNothingButOneAfterOthersDoes() {
        SqlStatement create = new SqlStatement("create table t (id int);\n", 2);
        SqlStatement insert = new SqlStatement("insert into t values (1);\n", 3);

        RunProgress first = new RunProgress(true);
        first.starting(create, first.commits(create));
        assertThat(first.committedImplicitly()).isFalse();

        SqlStatement alter = new SqlStatement("alter table t add column x int;\n", 4);
        RunProgress later = new RunProgress(true);
        later.starting(insert, later.commits(insert));
        later.ran(insert);
        later.starting(alter, later.commits(alter));
        assertThat(later.committedImplicitly()).isTrue();
        assertThat(later.committedStatements()).contains("from line 3 up to line 4");
    }

    @Test
    void transactionalDdlNeverCommits() {
        SqlStatement create = new SqlStatement("create table t (id int);\n", 2);
        RunProgress progress = new RunProgress(false);
        progress.starting(create, progress.commits(create));
        progress.ran(create);
        assertThat(progress.committedImplicitly()).isFalse();
    }
}
