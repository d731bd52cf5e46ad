package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.testing.MigrationFolder;
import dev.migrate.testing.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A table lease shares the application's pool: while a migration runs, the run holds one
 * connection and the DDL guard's watcher another, and each heartbeat borrows a third. A pool of
 * two starves the heartbeat and the lease is lost; the error says that the heartbeat waited for a
 * connection, not only that none extended the lease. A pool of three is enough.
 */
class TableLeasePoolTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aPoolWithoutAConnectionForTheHeartbeatLosesTheLeaseAndSaysWhy(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "lease_pool2");
                HikariDataSource pool = db.pool(2)) {
            assertThatThrownBy(() -> leased(pool, folder(kind, "two")).up())
                    .isInstanceOf(LockException.class)
                    .hasMessageContaining("no heartbeat extended it within the lease time of 3")
                    .hasMessageContaining("for a connection from the DataSource, which has none to spare");
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = TestDatabase.Kind.class,
            names = {"POSTGRESQL", "MARIADB"})
    void aPoolOfThreeKeepsTheLease(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind, "lease_pool3");
                HikariDataSource pool = db.pool(3)) {
            assertThat(leased(pool, folder(kind, "three")).up().count()).isEqualTo(1);
        }
    }

    /** One migration that runs for 6 s: two lease times of 3 s. */
    private MigrationFolder folder(TestDatabase.Kind kind, String name) {
        String sleep = kind == TestDatabase.Kind.POSTGRESQL ? "select pg_sleep(6);" : "select sleep(6);";
        return new MigrationFolder(temp.resolve(name)).add("1_slow.sql", sleep, "select 1;");
    }

    private static Migrator leased(HikariDataSource pool, MigrationFolder folder) {
        return Migrator.builder(pool)
                .locations(folder.location())
                .lockType(LockType.TABLE_LEASE)
                .leaseTime(Duration.ofSeconds(3))
                .build();
    }
}
