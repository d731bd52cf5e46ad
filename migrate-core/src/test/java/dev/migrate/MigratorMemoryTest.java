package dev.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a Migrator remembers between its calls is its own: another Migrator starts with nothing,
 * and one Migrator called from several threads at once (a bean whose health check calls status()
 * while a thread runs up()) gives every caller a right answer.
 */
class MigratorMemoryTest {

    private static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.postgres("memory");
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void twoMigratorsDoNotShareWhatTheyRemember() throws Exception {
        CountingSource source = new CountingSource("two_migrators", 2);

        Migrator first = migrator(source);
        first.up();
        int afterApply = source.opens();
        assertThat(afterApply)
                .as("each file read to plan it, and again to run it (the lint reads it as it runs)")
                .isEqualTo(2 * 2);
        first.status();
        first.up();
        assertThat(source.opens())
                .as("one Migrator reads an unchanged file once")
                .isEqualTo(afterApply);

        Migrator second = migrator(source);
        assertThat(second.up().executed()).isEmpty();
        assertThat(source.opens()).as("another Migrator reads each file itself").isEqualTo(afterApply + 2);
    }

    @Test
    void oneMigratorCalledFromManyThreadsAtOnceAnswersEachRightly() throws Exception {
        CountingSource source = new CountingSource("many_threads", 3);
        Migrator migrator = migrator(source);

        List<ExecutedMigration> executed = callTogether(migrator, 6, 5);
        assertThat(executed).extracting(ExecutedMigration::id).containsExactlyInAnyOrder(source.ids(0, 3));
        assertThat(migrator.status().applied()).hasSize(3);

        int[] opensBefore = {source.opensOf(0), source.opensOf(1), source.opensOf(2)};
        source.add(); // a new file joins while the Migrator remembers the others
        executed = callTogether(migrator, 6, 5);
        assertThat(executed).extracting(ExecutedMigration::id).containsExactly(source.ids(3, 4));
        assertThat(migrator.status().applied()).hasSize(4);
        assertThat(new int[] {source.opensOf(0), source.opensOf(1), source.opensOf(2)})
                .as("the files read before are not read again")
                .containsExactly(opensBefore);
        assertThat(source.opensOf(3)).as("the new one is read").isPositive();
    }

    /** Each thread calls up() and status() in turn, all threads starting together. */
    private static List<ExecutedMigration> callTogether(Migrator migrator, int threads, int rounds) throws Exception {
        List<ExecutedMigration> executed = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < rounds; r++) {
                        executed.addAll(migrator.up().executed());
                        StatusReport status = migrator.status();
                        assertThat(status.failed()).isEmpty();
                        assertThat(status.unknown()).isEmpty();
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> call : calls) {
                call.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
        return executed;
    }

    private static Migrator migrator(CountingSource source) {
        return Migrator.builder(db.dataSource())
                .source(source)
                .table(source.table)
                .build();
    }

    /** Migrations in memory, each creating a table, that count how often each is read. */
    private static final class CountingSource implements MigrationSource {
        private final String table;
        private final List<MigrationResource> resources = new CopyOnWriteArrayList<>();
        private final List<AtomicInteger> opens = new CopyOnWriteArrayList<>();

        CountingSource(String table, int files) {
            this.table = table;
            for (int i = 0; i < files; i++) {
                add();
            }
        }

        void add() {
            int n = resources.size() + 1;
            String id = n + "_" + table + ".sql";
            String sql = "-- +migrate Up\ncreate table " + table + "_" + n + " (id int);\n";
            AtomicInteger count = new AtomicInteger();
            opens.add(count);
            resources.add(new MigrationResource() {
                @Override
                public String id() {
                    return id;
                }

                @Override
                public String location() {
                    return "memory:" + id;
                }

                @Override
                public InputStream open() {
                    count.incrementAndGet();
                    return new ByteArrayInputStream(sql.getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public Optional<Object> version() {
                    return Optional.of("v1");
                }
            });
        }

        String[] ids(int from, int to) {
            return resources.subList(from, to).stream()
                    .map(MigrationResource::id)
                    .toArray(String[]::new);
        }

        int opens() {
            return opens.stream().mapToInt(AtomicInteger::get).sum();
        }

        int opensOf(int file) {
            return opens.get(file).get();
        }

        @Override
        public List<MigrationResource> resources() {
            return List.copyOf(resources);
        }
    }
}
