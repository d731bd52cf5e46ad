package dev.migrate.internal.lock;

import static dev.migrate.internal.lock.LockTesting.lock;
import static dev.migrate.internal.lock.LockTesting.settings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.LockType;
import dev.migrate.testing.Eventually;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
        LockSettings settings = settings(LockType.valueOf(kind.name()), Duration.ofSeconds(60));
        try (Connection holder = db.connect();
                Connection waiter = db.connect()) {
            try (LockHandle held = lock(db, holder, settings).acquire(holder)) {
                AtomicBoolean done = new AtomicBoolean();
                AtomicInteger asked = new AtomicInteger();
                AtomicLong doneAt = new AtomicLong();
                // The holder's work is done once the waiter has been seen waiting (asking twice).
                CompletableFuture<Void> finisher = CompletableFuture.runAsync(() -> {
                    try {
                        Eventually.until(
                                "the waiter asking twice whether it still needs the lock", () -> asked.get() >= 2);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    doneAt.set(System.nanoTime());
                    done.set(true);
                });

                Optional<LockHandle> taken = lock(db, waiter, settings).acquire(waiter, () -> {
                    asked.incrementAndGet();
                    return !done.get();
                });
                long returned = System.nanoTime();

                finisher.get(60, TimeUnit.SECONDS);
                assertThat(taken).isEmpty();
                assertThat(asked.get())
                        .as("asked again after the work was done")
                        .isGreaterThan(2);
                // The claim is about time: the waiter leaves at its next try after the work is done,
                // not at its 60 s timeout. A pause between tries is at most 1.25 s; 4 s more for a
                // loaded machine.
                assertThat(Duration.ofNanos(returned - doneAt.get()).toMillis())
                        .as("left soon after the work was done")
                        .isBetween(0L, 5250L);
            }
        }
    }
}
