package dev.migrate;

import static dev.migrate.ConcurrentMigrationTest.history;
import static dev.migrate.ConcurrentMigrationTest.strings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.internal.dialect.Dialects;
import dev.migrate.internal.dialect.TableName;
import dev.migrate.internal.lock.LockHandle;
import dev.migrate.internal.lock.LockSettings;
import dev.migrate.internal.lock.MigrationLock;
import dev.migrate.internal.lock.MigrationLocks;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight replicas in eight JVMs start together against one empty database. The test holds the lock
 * until all eight wait for it, so the winner runs everything, the {@code notransaction} insert and
 * PostgreSQL's {@code CREATE INDEX CONCURRENTLY} included, while the seven others poll.
 */
class MultiProcessMigrationTest {

    private static final Pattern WAITING_FOR_THE_LOCK = Pattern.compile("Waiting .* for the migration lock");

    private static final Pattern WAITED_AND_FOUND_NOTHING =
            Pattern.compile("RESULT executed=0 lockTaken=(true|false) waitedMs=[1-9]");

    private static final int REPLICAS = 8;

    /** A warning line of migrate's own loggers ({@code dev.migrate…}, abbreviated {@code d.m…}). */
    private static final Pattern MIGRATE_WARNING = Pattern.compile("WARN\\S*\\s+\\[[^]]*\\] d(ev)?\\.m");

    @TempDir
    Path temp;

    @Test
    void eightProcessesOnPostgresApplyEachMigrationOnceIncludingCreateIndexConcurrently() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add(
                        "1_items.sql",
                        "create table items (id serial primary key, name text not null);",
                        "drop table items;")
                .add(
                        "2_seed.sql",
                        "-- +migrate Up notransaction\ninsert into items (name) values ('seed');\n\n"
                                + "-- +migrate Down\ndelete from items where name = 'seed';\n")
                .add(
                        "3_index.sql",
                        "-- +migrate Up notransaction\ncreate index concurrently items_name on items (name);\n\n"
                                + "-- +migrate Down notransaction\ndrop index concurrently items_name;\n")
                .add("4_after.sql", "insert into items (name) values ('after');", "delete from items;");
        try (TestDatabase db = TestDatabase.postgres("processes")) {
            runEightReplicas(db, folder);
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select name from items")).containsExactly("after", "seed");
                assertThat(strings(
                                connection,
                                "select indisvalid::text from pg_index" + " where indexrelid = 'items_name'::regclass"))
                        .containsExactly("true");
            }
        }
    }

    @Test
    void eightProcessesOnMariaDbApplyEachMigrationOnce() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add(
                        "1_items.sql",
                        "create table items (id int auto_increment primary key, name varchar(40) not null);",
                        "drop table items;")
                .add(
                        "2_seed.sql",
                        "-- +migrate Up notransaction\ninsert into items (name) values ('seed');\n\n"
                                + "-- +migrate Down\ndelete from items where name = 'seed';\n")
                .add("3_index.sql", "create index items_name on items (name);", "drop index items_name on items;")
                .add("4_after.sql", "insert into items (name) values ('after');", "delete from items;");
        try (TestDatabase db = TestDatabase.mariadb("processes")) {
            runEightReplicas(db, folder);
            try (Connection connection = db.connect()) {
                assertThat(strings(connection, "select name from items")).containsExactly("after", "seed");
                assertThat(strings(
                                connection,
                                "select index_name from information_schema.statistics"
                                        + " where table_schema = database() and table_name = 'items'"
                                        + " and index_name = 'items_name'"))
                        .containsExactly("items_name");
            }
        }
    }

    @Test
    void sixProcessesBootingOnAnOlderPostgresSideTableAddItsColumnOnceAndAllFindNothingToDo() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("processes_oldside")) {
            bootOnAnOlderSideTable(db, db.url(), "\"fingerprint\"", temp);
        }
    }

    @Test
    void sixProcessesWithTheTableLeaseLockDoTheSame() throws Exception {
        try (TestDatabase db = TestDatabase.postgres("processes_oldside_lease")) {
            bootOnAnOlderSideTable(db, db.url(), "\"fingerprint\"", temp, "table-lease", "10000");
        }
    }

    @Test
    void sixProcessesBootingOnAnOlderMariaDbSideTableDoTheSame() throws Exception {
        try (TestDatabase db = TestDatabase.mariadb("processes_oldside")) {
            bootOnAnOlderSideTable(db, db.url(), "`fingerprint`", temp);
        }
    }

    /**
     * Applies two migrations, drops the side table's fingerprint column (a side table of an older
     * release), then boots six replica processes at once with nothing pending, connecting to
     * {@code url}: each exits 0 having run nothing and warned of nothing, one of them added the
     * column, and the fingerprints are recorded.
     */
    static void bootOnAnOlderSideTable(TestDatabase db, String url, String column, Path temp, String... lock)
            throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"))
                .add("1_a.sql", "create table t_a (id int);", "drop table t_a;")
                .add("2_b.sql", "create table t_b (id int);", "drop table t_b;");
        Instant settled = Instant.now().minus(Duration.ofHours(1));
        for (String id : List.of("1_a.sql", "2_b.sql")) {
            Files.setLastModifiedTime(folder.directory().resolve(id), FileTime.from(settled));
        }
        Migrator.builder(db.dataSource()).locations(folder.location()).build().up();
        try (Connection connection = db.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("alter table gorp_migrations_migrate drop column " + column);
        }
        List<ReplicaProcess> replicas = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            replicas.add(ReplicaProcess.start(
                    url, db.user(), db.password(), folder.location(), "old-side-" + i, 120, temp, lock));
        }
        int added = 0;
        for (ReplicaProcess replica : replicas) {
            assertThat(replica.awaitExit(120))
                    .as(replica.name + ":\n" + replica.output())
                    .isZero();
            assertThat(replica.executed()).as(replica.name).isZero();
            // migrate warns of nothing (the driver may log the one read that fails on the old table)
            assertThat(MIGRATE_WARNING.matcher(replica.output()).find())
                    .as(replica.name + ":\n" + replica.output())
                    .isFalse();
            if (replica.output().contains("Added the column fingerprint")) {
                added++;
            }
        }
        assertThat(added).as("replicas that added the column").isEqualTo(1);
        try (Connection connection = db.connect()) {
            assertThat(strings(connection, "select " + column + " from gorp_migrations_migrate"))
                    .hasSize(2)
                    .allSatisfy(fingerprint -> assertThat(fingerprint).startsWith("file:"));
        }
    }

    /**
     * Holds the lock, starts the replicas, waits until each has logged that it waits for the lock,
     * releases, and checks that exactly one applied the four migrations.
     */
    private void runEightReplicas(TestDatabase db, MigrationFolder folder) throws Exception {
        List<ReplicaProcess> replicas = new ArrayList<>();
        try (Connection holder = db.connect()) {
            MigrationLock lock = MigrationLocks.create(
                    LockSettings.defaults(),
                    Dialects.detect(holder),
                    new TableName(null, Migrator.DEFAULT_TABLE),
                    db.dataSource(),
                    holder);
            LockHandle held = lock.acquire(holder);
            try {
                for (int i = 0; i < REPLICAS; i++) {
                    replicas.add(ReplicaProcess.start(db, folder.location(), "replica-" + i, 120, temp));
                }
                // A waiter logs "Waiting … for the migration lock" after 5 s of tries: once every
                // replica has, all of them wait for this lock (none comes after the work is done).
                Eventually.until(
                        "every replica logging that it waits for the migration lock", Duration.ofSeconds(120), () -> {
                            for (ReplicaProcess replica : replicas) {
                                String output = replica.output();
                                assertThat(replica.process.isAlive())
                                        .as(replica.name + " ended while the lock was held:\n" + output)
                                        .isTrue();
                                if (!WAITING_FOR_THE_LOCK.matcher(output).find()) {
                                    return false;
                                }
                            }
                            return true;
                        });
            } finally {
                held.close();
            }
        }
        int executed = 0;
        int waitedAndFoundNothing = 0;
        for (ReplicaProcess replica : replicas) {
            assertThat(replica.awaitExit(120))
                    .as(replica.name + ":\n" + replica.output())
                    .isZero();
            executed += replica.executed();
            // a waiter either took the lock and found nothing, or saw the work done while waiting
            if (WAITED_AND_FOUND_NOTHING.matcher(replica.output()).find()) {
                waitedAndFoundNothing++;
            }
        }
        assertThat(executed).isEqualTo(4);
        assertThat(waitedAndFoundNothing).isEqualTo(REPLICAS - 1);
        try (Connection connection = db.connect()) {
            assertThat(strings(connection, "select * from " + history(connection)))
                    .containsExactly("1_items.sql", "2_seed.sql", "3_index.sql", "4_after.sql");
        }
    }
}
