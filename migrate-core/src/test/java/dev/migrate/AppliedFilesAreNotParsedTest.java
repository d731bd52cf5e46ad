package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A boot parses only the files it would run: an applied file is checksummed, never parsed. So a
 * file the Go tool applied, which migrate's parser refuses (transaction control inside a
 * transactional Up, which the Go tool runs), no longer fails every boot; the same file still fails
 * when it would run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AppliedFilesAreNotParsedTest {

    private static final String REFUSED_BY_THE_PARSER =
            "-- +migrate Up\ncreate table t_go (id int);\ncommit;\n-- +migrate Down\ndrop table t_go;\n";

    private final TestDatabase database = TestDatabase.h2("applied_unparsed");

    @TempDir
    Path temp;

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    @Test
    void aFileTheGoToolAppliedIsNotParsedAtBoot() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("applied"))
                .add("1_go.sql", REFUSED_BY_THE_PARSER)
                .add("2_next.sql", "create table t_next (id int);", "drop table t_next;");
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            // the Go tool's history table and row (it keeps no side table)
            statement.execute("create table \"go_history\" (\"id\" varchar(255) not null primary key,"
                    + " \"applied_at\" timestamp with time zone)");
            statement.execute("insert into \"go_history\" values ('1_go.sql', current_timestamp)");
        }
        Migrator migrator = Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table("go_history")
                .build();

        assertThat(migrator.up().executed()).extracting(ExecutedMigration::id).containsExactly("2_next.sql");
        assertThat(migrator.up().executed()).isEmpty();
    }

    @Test
    void theSameFileFailsWhenItWouldRun() {
        MigrationFolder folder = new MigrationFolder(temp.resolve("pending")).add("1_go.sql", REFUSED_BY_THE_PARSER);
        Migrator migrator = Migrator.builder(database.dataSource())
                .locations(folder.location())
                .table("pending_history")
                .build();

        assertThatThrownBy(migrator::up)
                .isInstanceOf(MigrationParseException.class)
                .hasMessageContaining("1_go.sql:3");
    }
}
