package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.Eventually;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Migrator#lockWait()}: what meters read while a replica waits for the lock another session
 * holds, on a real PostgreSQL advisory lock.
 */
class LockWaitPostgresTest {

    private final TestDatabase database = TestDatabase.postgres("lockwait");

    @TempDir
    Path temp;

    @AfterEach
    void dropDatabase() {
        database.close();
    }

    @Test
    void aRunWaitingForALockHeldElsewhereSaysSinceWhenAndWhoHoldsIt() throws Exception {
        MigrationFolder folder = new MigrationFolder(temp.resolve("migrations"));
        folder.add("1_a.sql", "create table waited_t (id int);", "drop table waited_t;");
        long key = ThreadLocalRandom.current().nextLong();
        Migrator migrator = Migrator.builder(database.dataSource())
                .locations(folder.location())
                .lockKey(key)
                .name("orders")
                .build();
        assertThat(migrator.name()).isEqualTo("orders");
        assertThat(migrator.lockWait()).isEmpty();
        Instant before = Instant.now();
        CompletableFuture<MigrateResult> run;
        try (Connection holder = database.connect();
                Statement lock = holder.createStatement()) {
            lock.execute("set application_name = 'the_holder'");
            lock.execute("select pg_advisory_lock(" + key + ")");
            run = CompletableFuture.supplyAsync(migrator::up);

            LockWait wait = Eventually.value(
                    "the run waits for the lock", () -> migrator.lockWait().orElse(null));

            assertThat(wait.lock()).isEqualTo("postgres-advisory " + key);
            assertThat(wait.since()).isBetween(before, Instant.now());
            assertThat(wait.holder()).isNotNull();
            assertThat(wait.holder().description()).contains("the_holder");
            lock.execute("select pg_advisory_unlock(" + key + ")");
        }
        assertThat(run.get(60, TimeUnit.SECONDS).count()).isEqualTo(1);
        assertThat(migrator.lockWait()).isEmpty();
    }

    @Test
    void aMigratorIsNamedDefaultUnlessToldOtherwise() {
        assertThat(Migrator.builder(database.dataSource()).build().name()).isEqualTo("default");
    }
}
