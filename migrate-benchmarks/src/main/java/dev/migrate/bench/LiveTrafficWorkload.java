package dev.migrate.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.migrate.MigrateResult;
import dev.migrate.Migrator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * W6: a migration adds a column to a table that 8 client threads query at a steady rate, while a
 * 20 s transaction holds a lock on that table (it read it, then stays open, as a report or an idle
 * session in a transaction does). Measured for each scenario on a fresh database: the clients'
 * query latency (p50, p99, max) and failed queries from the start of the clients to the end of the
 * migration. Scenarios: no migration (the same clients and blocker), migrate with its DDL guard
 * (the default 1 s lock timeout), migrate with the guard off, and Flyway.
 */
final class LiveTrafficWorkload implements Workload {

    static final int CLIENTS = 8;
    static final Duration QUERY_EVERY = Duration.ofMillis(20);
    static final Duration BLOCKER_HOLDS = Duration.ofSeconds(20);
    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    static final int ROWS = 10_000;
    static final String TABLE = "app.user_data";

    private enum Scenario {
        NONE("no migration (clients and blocker only)"),
        GUARDED("migrate, DDL guard on (lock timeout 1 s)"),
        UNGUARDED("migrate, DDL guard off (migrate.ddl.lock-timeout=0)"),
        FLYWAY("Flyway");

        private final String label;

        Scenario(String label) {
            this.label = label;
        }
    }

    @Override
    public String id() {
        return "W6";
    }

    @Override
    public WorkloadReport run(BenchmarkContext context) throws Exception {
        List<MigrationScript> scripts = List.of(new MigrationScript(
                1,
                "add_version",
                out -> out.write("ALTER TABLE " + TABLE + " ADD COLUMN version int8 NOT NULL DEFAULT 1;\n")));
        Path migrateDir = context.migrations("live", Tool.MIGRATE, scripts);
        Path flywayDir = context.migrations("live", Tool.FLYWAY, scripts);
        MarkdownTable table = new MarkdownTable(
                "scenario",
                "queries answered",
                "failed",
                "p50 (ms)",
                "p99 (ms)",
                "max (ms)",
                "queries over 2 s",
                "migration took (s)",
                "lock retries");
        List<Observation> observations = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            Observation seen = observe(context, scenario, migrateDir, flywayDir);
            observations.add(seen);
            context.log("W6 " + scenario.label + ": " + seen);
            table.row(
                    scenario.label,
                    String.valueOf(seen.latenciesNanos.size()),
                    String.valueOf(seen.failed),
                    ms(seen.percentile(0.50)),
                    ms(seen.percentile(0.99)),
                    ms(seen.percentile(1.0)),
                    String.valueOf(seen.over(2 * LOCK_TIMEOUT.toNanos())),
                    seen.migrationSeconds < 0 ? "–" : Stats.fmt(seen.migrationSeconds, 1),
                    seen.retries < 0 ? "–" : String.valueOf(seen.retries));
        }
        Observation none = observations.get(0);
        Observation guarded = observations.get(1);
        List<TargetCheck> targets = List.of(
                new TargetCheck(
                        "W6",
                        "guard on: clients' p99 within 3× the p99 without a migration",
                        ms(guarded.percentile(0.99)) + " ms vs " + ms(none.percentile(0.99)) + " ms",
                        guarded.percentile(0.99) <= 3 * none.percentile(0.99)),
                new TargetCheck(
                        "W6",
                        "guard on: no query waits longer than 2× the lock timeout (2 s)",
                        "max " + ms(guarded.percentile(1.0)) + " ms, " + guarded.failed + " failed",
                        guarded.percentile(1.0) <= 2 * LOCK_TIMEOUT.toNanos() && guarded.failed == 0));
        String markdown = "### W6 a column added under live traffic while a 20 s transaction holds a lock\n\n"
                + CLIENTS + " client threads (one connection each) each send a short query every "
                + QUERY_EVERY.toMillis() + " ms on `" + TABLE + "` (" + ROWS + " rows): 4 of 5 a primary-key"
                + " `SELECT`, 1 of 5 a primary-key `UPDATE`. 2 s after the clients start, another session reads the"
                + " table in a transaction and keeps it open for " + BLOCKER_HOLDS.toSeconds() + " s; 1 s later the"
                + " migration `ALTER TABLE " + TABLE + " ADD COLUMN version int8 NOT NULL DEFAULT 1` starts. The"
                + " clients run until the migration has ended and 2 s more (for the scenario without a migration:"
                + " until the blocker ended and 2 s more). Latency is each query's own time, from sending it to its"
                + " answer; a client sends its next query when the last one answered or its next slot comes,"
                + " whichever is later, so a stalled client sends fewer queries (the counts show it). One run per"
                + " scenario, in-process, each on a fresh database.\n\n"
                + table;
        return new WorkloadReport(id(), markdown, targets);
    }

    private Observation observe(BenchmarkContext context, Scenario scenario, Path migrateDir, Path flywayDir)
            throws Exception {
        try (BenchDatabase db =
                        context.server().createDatabase("w6_" + scenario.name().toLowerCase(Locale.ROOT));
                HikariDataSource migrationPool = BenchDatabase.pool(db.url(), "bench-w6-migration")) {
            try (Connection connection = db.connect();
                    Statement statement = connection.createStatement()) {
                statement.execute("create schema app");
                statement.execute("create table " + TABLE + " (id int primary key, name text not null,"
                        + " hits int not null default 0)");
                statement.execute(
                        "insert into " + TABLE + " select g, 'user ' || g, 0 from generate_series(1, " + ROWS + ") g");
                statement.execute("analyze " + TABLE);
            }
            Clients clients = Clients.start(db);
            long blockerEnds;
            double migrationSeconds = -1;
            int retries = -1;
            try (Connection blocker = db.connect();
                    Statement statement = blocker.createStatement()) {
                Thread.sleep(2000);
                blocker.setAutoCommit(false);
                statement.execute("set application_name = 'bench-w6-report'");
                statement.execute("select count(*) from " + TABLE);
                long blockerStart = System.nanoTime();
                blockerEnds = blockerStart + BLOCKER_HOLDS.toNanos();
                Thread releaser = new Thread(() -> {
                    try {
                        Thread.sleep(BLOCKER_HOLDS.toMillis());
                        blocker.commit();
                    } catch (InterruptedException | SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
                releaser.start();
                Thread.sleep(1000);
                long migrationStart = System.nanoTime();
                switch (scenario) {
                    case NONE -> {}
                    case GUARDED, UNGUARDED -> {
                        MigrateResult result = Migrator.builder(migrationPool)
                                .locations("filesystem:" + migrateDir.toAbsolutePath())
                                .ddlLockTimeout(scenario == Scenario.GUARDED ? LOCK_TIMEOUT : Duration.ZERO)
                                .build()
                                .up();
                        retries = result.lockRetries();
                    }
                    case FLYWAY -> Tool.FLYWAY.runner().migrate(migrationPool, flywayDir);
                }
                if (scenario != Scenario.NONE) {
                    migrationSeconds = (System.nanoTime() - migrationStart) / 1e9;
                }
                releaser.join();
                if (scenario != Scenario.NONE
                        && db.queryLong(
                                        "select count(*) from information_schema.columns"
                                                + " where table_schema = 'app' and table_name = 'user_data' and column_name = 'version'")
                                != 1) {
                    throw new IllegalStateException("W6 " + scenario + ": the column was not added");
                }
            }
            long stopAt = Math.max(System.nanoTime(), blockerEnds) + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < stopAt) {
                Thread.sleep(50);
            }
            clients.stop();
            return new Observation(clients.latencies(), clients.failed.get(), migrationSeconds, retries);
        }
    }

    private static String ms(double nanos) {
        return Stats.fmt(nanos / 1e6, nanos >= 100e6 ? 0 : 1);
    }

    /** The clients: each its own connection and thread, a query per slot. */
    private static final class Clients {

        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicInteger failed = new AtomicInteger();
        private final List<List<Long>> perClient = new ArrayList<>();
        private final CountDownLatch done = new CountDownLatch(CLIENTS);

        static Clients start(BenchDatabase db) throws InterruptedException {
            Clients clients = new Clients();
            CountDownLatch ready = new CountDownLatch(CLIENTS);
            for (int i = 0; i < CLIENTS; i++) {
                List<Long> latencies = new ArrayList<>();
                clients.perClient.add(latencies);
                Thread thread = new Thread(() -> clients.run(db, latencies, ready), "w6-client-" + i);
                thread.setDaemon(true);
                thread.start();
            }
            ready.await();
            return clients;
        }

        private void run(BenchDatabase db, List<Long> latencies, CountDownLatch ready) {
            try (Connection connection = db.connect();
                    PreparedStatement select =
                            connection.prepareStatement("select name, hits from " + TABLE + " where id = ?");
                    PreparedStatement update =
                            connection.prepareStatement("update " + TABLE + " set hits = hits + 1 where id = ?")) {
                ready.countDown();
                long period = QUERY_EVERY.toNanos();
                long next = System.nanoTime();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (running.get()) {
                    long start = System.nanoTime();
                    int id = 1 + random.nextInt(ROWS);
                    try {
                        if (random.nextInt(5) == 0) {
                            update.setInt(1, id);
                            update.executeUpdate();
                        } else {
                            select.setInt(1, id);
                            try (ResultSet rows = select.executeQuery()) {
                                rows.next();
                            }
                        }
                        latencies.add(System.nanoTime() - start);
                    } catch (SQLException e) {
                        failed.incrementAndGet();
                    }
                    next = Math.max(next + period, System.nanoTime());
                    long sleep = next - System.nanoTime();
                    if (sleep > 0) {
                        TimeUnit.NANOSECONDS.sleep(sleep);
                    }
                }
            } catch (SQLException | InterruptedException e) {
                failed.incrementAndGet();
                ready.countDown();
            } finally {
                done.countDown();
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            if (!done.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("W6 clients did not stop");
            }
        }

        List<Long> latencies() {
            List<Long> all = new ArrayList<>();
            perClient.forEach(all::addAll);
            Collections.sort(all);
            return all;
        }
    }

    /** One scenario's figures; latencies sorted, in nanoseconds. */
    private record Observation(List<Long> latenciesNanos, int failed, double migrationSeconds, int retries) {

        long over(long nanos) {
            return latenciesNanos.stream().filter(n -> n > nanos).count();
        }

        double percentile(double p) {
            if (latenciesNanos.isEmpty()) {
                return 0;
            }
            int index = (int) Math.ceil(p * latenciesNanos.size()) - 1;
            return latenciesNanos.get(Math.max(0, Math.min(latenciesNanos.size() - 1, index)));
        }

        @Override
        public String toString() {
            return latenciesNanos.size() + " queries, " + failed + " failed, p50 " + ms(percentile(0.5)) + " ms, p99 "
                    + ms(percentile(0.99)) + " ms, max " + ms(percentile(1.0)) + " ms, migration "
                    + (migrationSeconds < 0 ? "–" : Stats.fmt(migrationSeconds, 1) + " s") + ", retries "
                    + (retries < 0 ? "–" : retries);
        }
    }
}
