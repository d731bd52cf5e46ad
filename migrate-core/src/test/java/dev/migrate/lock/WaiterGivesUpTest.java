package dev.migrate.lock;

import static dev.migrate.lock.LockTesting.lock;
import static dev.migrate.lock.LockTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A waiter that learns, between tries, that the holder did the work stops waiting without the
 * lock, on every kind: replicas leave together when the holder finishes instead of queueing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WaiterGivesUpTest {

    private final TestDatabase postgres = TestDatabase.postgres("giveup");
    private final TestDatabase mariadb = TestDatabase.mariadb("giveup");
    private final TestDatabase h2 = TestDatabase.h2("giveup");

    @AfterAll
    void drop() {
        postgres.close();
        mariadb.close();
        h2.close();
    }

    enum Kind {
        POSTGRES_ADVISORY,
        MYSQL_NAMED,
        TABLE_LEASE
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void aWaiterStopsWaitingWithoutTheLockOnceTheWorkIsDone(Kind kind) throws Exception {
        TestDatabase db = switch (kind) {
            case POSTGRES_ADVISORY -> postgres;
            case MYSQL_NAMED -> mariadb;
            case TABLE_LEASE -> h2;
        };
        LockSettings settings = settings(LockType.valueOf(kind.name()), Duration.ofSeconds(20));
        try (Connection holder = db.connect();
                Connection waiter = db.connect()) {
            try (LockHandle held = lock(db, holder, settings).acquire(holder)) {
                AtomicBoolean done = new AtomicBoolean();
                AtomicInteger asked = new AtomicInteger();
                Thread finisher = new Thread(() -> {
                    sleep(600);
                    done.set(true);
                });
                finisher.start();
                long start = System.nanoTime();

                Optional<LockHandle> taken = lock(db, waiter, settings).acquire(waiter, () -> {
                    asked.incrementAndGet();
                    return !done.get();
                });

                long waitedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
                assertThat(taken).isEmpty();
                assertThat(asked.get()).isGreaterThan(1);
                assertThat(waitedMillis).isBetween(550L, 3000L);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
