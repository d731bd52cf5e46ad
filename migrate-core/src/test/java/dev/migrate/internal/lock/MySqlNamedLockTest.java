package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.execute;
import static dev.migrate.internal.lock.LockTesting.lock;
import static dev.migrate.internal.lock.LockTesting.queryLong;
import static dev.migrate.internal.lock.LockTesting.queryString;
import static dev.migrate.internal.lock.LockTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.LockHolder;
import dev.migrate.LockType;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What is particular to {@code mysql-named}; what every kind must show is in {@link LockContract}. */
class MySqlNamedLockTest {

    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.mariadb("named");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    private static MigrationLock named(Connection connection, Duration timeout) throws SQLException {
        return lock(db, connection, settings(LockType.AUTO, timeout));
    }

    @Test
    void autoPicksTheNamedLockNamedAfterDatabaseAndTable() throws Exception {
        try (Connection connection = db.connect();
                Connection other = db.connect()) {
            MigrationLock lock = named(connection, Duration.ofSeconds(5));
            assertThat(lock.type()).isEqualTo(LockType.MYSQL_NAMED);
            assertThat(lock.key()).isEqualTo("migrate:" + db.name() + ".gorp_migrations");
            try (LockHandle handle = lock.acquire(connection)) {
                assertThat(queryLong(other, "select is_used_lock('" + lock.key() + "')"))
                        .isEqualTo(queryLong(connection, "select connection_id()"));
            }
            assertThat(queryString(other, "select is_used_lock('" + lock.key() + "')"))
                    .isNull();
        }
    }

    @Test
    void holderDescribesTheConnectionFromTheProcessList() throws Exception {
        try (Connection holder = db.connect();
                Connection other = db.connect()) {
            long id = queryLong(holder, "select connection_id()");
            MigrationLock lock = named(holder, Duration.ofSeconds(5));
            assertThat(lock.holder(other)).isEmpty();
            try (LockHandle held = lock.acquire(holder)) {
                // The server may still list the holder's lock call as running ("Query") for a
                // moment after the client has its answer; what is described is the idle holder.
                LockHolder found = Eventually.value(
                        "the holder listed as idle (Sleep) in the process list",
                        () -> lock.holder(other)
                                .filter(h -> "Sleep".equals(h.details().get("command")))
                                .orElse(null));
                assertThat(found.details())
                        .containsEntry("connectionId", Long.toString(id))
                        .containsEntry("user", db.user())
                        .containsEntry("database", db.name())
                        .containsEntry("command", "Sleep")
                        .containsKeys("host", "timeSeconds");
                assertThat(found.description()).contains("connection id " + id, "user " + db.user(), "Sleep");
            }
        }
    }

    @Test
    void whenReleaseFindsTheLockNotHeldTheConnectionIsAborted() throws Exception {
        try (Connection connection = db.connect()) {
            MigrationLock lock = named(connection, Duration.ofSeconds(5));
            LockHandle handle = lock.acquire(connection);
            execute(connection, "select release_lock('" + lock.key() + "')");
            handle.close();
            assertThat(connection.isClosed()).isTrue();
        }
    }
}
