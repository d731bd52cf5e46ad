package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static dev.migrate.boot.TestSupport.runMigrateRunner;
import static dev.migrate.boot.TestSupport.startedByTheTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.DdlLockRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meters an operator alerts on exist at zero before the first run, carry the Migrator's name,
 * and follow what runs do (on H2; the lock-wait gauges against a real PostgreSQL lock are in
 * {@link MigratePostgresTests}).
 */
class MigrateMetricsTests {

    @Test
    void everyMeterAnAlertReadsIsThereAtZeroBeforeTheFirstRun() {
        startedByTheTest(h2Runner()).run(context -> {
            MeterRegistry registry = bound(context.getBean(MigrateMetrics.class));

            for (String counter : new String[] {
                MigrateMetrics.SUCCEEDED,
                MigrateMetrics.FAILED,
                MigrateMetrics.INTERRUPTED,
                MigrateMetrics.APPLIED,
                MigrateMetrics.DDL_LOCK_RETRIES
            }) {
                assertThat(registry.get(counter)
                                .tag("migrator", "default")
                                .functionCounter()
                                .count())
                        .as(counter)
                        .isZero();
            }
            assertThat(gauge(registry, MigrateMetrics.RUN_ACTIVE)).isZero();
            assertThat(gauge(registry, MigrateMetrics.RUN_START)).isZero();
            assertThat(gauge(registry, MigrateMetrics.LOCK_WAIT_ACTIVE)).isZero();
            assertThat(gauge(registry, MigrateMetrics.LOCK_WAIT_START)).isZero();
            assertThat(gauge(registry, MigrateMetrics.LAST_SUCCESS)).isZero();
            assertThat(state(registry, "pending")).isEqualTo(2);
            assertThat(state(registry, "failed")).isZero();
            assertThat(state(registry, "future")).isZero();
            assertThat(registry.get(MigrateMetrics.LOCK_WAIT).timer().count()).isZero();
            assertThat(registry.get(MigrateMetrics.DURATION).timer().count()).isZero();
        });
    }

    @Test
    void theGaugesStillReadAfterAGarbageCollection() {
        startedByTheTest(h2Runner()).run(context -> {
            MeterRegistry registry = bound(context.getBean(MigrateMetrics.class));
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            // a gauge holds its object weakly unless told otherwise: the counts object must survive
            assertThat(state(registry, "pending")).isEqualTo(2);
        });
    }

    @Test
    void aRunThatEndsWellCountsAppliesAndSetsTheTimeOfTheLastSuccess() {
        startedByTheTest(h2Runner()).run(context -> {
            MeterRegistry registry = bound(context.getBean(MigrateMetrics.class));
            Instant before = Instant.now();

            runMigrateRunner(context);

            assertThat(counter(registry, MigrateMetrics.SUCCEEDED)).isEqualTo(1);
            assertThat(counter(registry, MigrateMetrics.APPLIED)).isEqualTo(2);
            assertThat(counter(registry, MigrateMetrics.FAILED)).isZero();
            assertThat(gauge(registry, MigrateMetrics.LAST_SUCCESS))
                    .isBetween(before.toEpochMilli() / 1000.0 - 1, Instant.now().toEpochMilli() / 1000.0 + 1);
            assertThat(gauge(registry, MigrateMetrics.RUN_ACTIVE)).isZero();
            assertThat(state(registry, "applied")).isEqualTo(2);
        });
    }

    @Test
    void aFailedRunCountsAsFailedAndLeavesNoRunInProgressNorASuccess(@TempDir Path dir) {
        TestSupport.migration(dir, "1_broken.sql", TestSupport.BROKEN);
        startedByTheTest(h2Runner())
                .withPropertyValues("migrate.locations=filesystem:" + dir)
                .run(context -> {
                    MeterRegistry registry = bound(context.getBean(MigrateMetrics.class));

                    assertThatThrownBy(() -> runMigrateRunner(context)).isInstanceOf(MigrateStartupException.class);

                    assertThat(counter(registry, MigrateMetrics.FAILED)).isEqualTo(1);
                    assertThat(counter(registry, MigrateMetrics.INTERRUPTED)).isZero();
                    assertThat(counter(registry, MigrateMetrics.SUCCEEDED)).isZero();
                    assertThat(gauge(registry, MigrateMetrics.RUN_ACTIVE)).isZero();
                    assertThat(gauge(registry, MigrateMetrics.LAST_SUCCESS)).isZero();
                    // H2 committed the CREATE TABLE before the failing statement: marked failed, waits for repair
                    assertThat(state(registry, "failed")).isEqualTo(1);
                    assertThat(state(registry, "pending")).isZero();
                });
    }

    @Test
    void aMigrationANewerReleaseAppliedShowsAsFuture(@TempDir Path dir) throws Exception {
        TestSupport.migration(dir, "1_a.sql", "-- +migrate Up\ncreate table a (id int);\n");
        TestSupport.migration(dir, "2_b.sql", "-- +migrate Up\ncreate table b (id int);\n");
        String url = TestSupport.h2Url();
        startedByTheTest(h2Runner())
                .withPropertyValues("spring.datasource.url=" + url, "migrate.locations=filesystem:" + dir)
                .run(TestSupport::runMigrateRunner);
        // the release rolled back: its image no longer has 2_b.sql
        Files.delete(dir.resolve("2_b.sql"));
        startedByTheTest(h2Runner())
                .withPropertyValues("spring.datasource.url=" + url, "migrate.locations=filesystem:" + dir)
                .run(context -> {
                    MeterRegistry registry = bound(context.getBean(MigrateMetrics.class));
                    runMigrateRunner(context);

                    assertThat(state(registry, "future")).isEqualTo(1);
                    assertThat(state(registry, "applied")).isEqualTo(1);
                });
    }

    @Test
    void theMigratorTagIsTheNameTheMigratorWasBuiltWith() {
        startedByTheTest(h2Runner())
                .withBean(MigratorCustomizer.class, () -> builder -> builder.name("orders"))
                .run(context -> {
                    MeterRegistry registry = bound(context.getBean(MigrateMetrics.class));
                    runMigrateRunner(context);

                    assertThat(registry.get(MigrateMetrics.SUCCEEDED)
                                    .tag("migrator", "orders")
                                    .functionCounter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get(MigrateMetrics.DDL_LOCK_RETRIES)
                                    .tag("migrator", "orders")
                                    .functionCounter()
                                    .count())
                            .isZero();
                    assertThat(registry.find(MigrateMetrics.SUCCEEDED)
                                    .tag("migrator", "default")
                                    .meters())
                            .isEmpty();
                });
    }

    @Test
    void eachMigratorsDdlLockRetriesAreCountedUnderItsOwnName() {
        startedByTheTest(h2Runner())
                .withPropertyValues(
                        "migrate.migrators.orders.url=" + TestSupport.h2Url(),
                        "migrate.migrators.billing.url=" + TestSupport.h2Url())
                .run(context -> {
                    MeterRegistry registry = bound(context.getBean(MigrateMetrics.class));
                    DdlLockRetries retries = context.getBean(DdlLockRetries.class);
                    // what the orders Migrator's builder was given as its retry listener
                    DdlLockRetries.Count orders = retries.newCount();
                    retries.name("orders", orders);
                    DdlLockRetry retry = new DdlLockRetry("1_add.sql", 1, 1, false, Duration.ofMillis(50), List.of());
                    orders.accept(retry);
                    orders.accept(retry);

                    assertThat(ddlRetries(registry, "orders")).isEqualTo(2);
                    assertThat(ddlRetries(registry, "billing")).isZero();
                    assertThat(retries.total()).isEqualTo(2);
                });
    }

    private static double ddlRetries(MeterRegistry registry, String migrator) {
        return registry.get(MigrateMetrics.DDL_LOCK_RETRIES)
                .tag("migrator", migrator)
                .functionCounter()
                .count();
    }

    @Test
    void aFailureThatComesFromAnInterruptionCountsAsInterrupted() {
        assertThat(MigrateMetrics.interrupted(
                        new IllegalStateException("stopped", new InterruptedException("sleep interrupted"))))
                .isTrue();
        assertThat(MigrateMetrics.interrupted(new IllegalStateException("syntax error")))
                .isFalse();
    }

    /**
     * Exit mode ends the process after its command, with no scrape to come and no context closed
     * (so no registry that publishes when it closes): the run's timers are not worth creating the
     * meter registry and its binders for, which on the sample jar loads some 190 classes.
     */
    @Test
    void exitModeCreatesNoMeterRegistryForItsRun() {
        List<String> events = new CopyOnWriteArrayList<>();
        h2Runner()
                .withPropertyValues("migrate.mode=exit")
                .withBean(
                        MeterRegistry.class,
                        () -> {
                            events.add("registry created");
                            return new SimpleMeterRegistry();
                        },
                        definition -> definition.setLazyInit(true))
                .withBean(ProcessExit.class, () -> code -> events.add("exit " + code))
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(events).startsWith("exit 0");
                });
    }

    static MeterRegistry bound(MigrateMetrics metrics) {
        MeterRegistry registry = new SimpleMeterRegistry();
        metrics.bindTo(registry);
        return registry;
    }

    static double counter(MeterRegistry registry, String name) {
        return registry.get(name).functionCounter().count();
    }

    static double gauge(MeterRegistry registry, String name) {
        return registry.get(name).gauge().value();
    }

    static double state(MeterRegistry registry, String state) {
        return registry.get(MigrateMetrics.MIGRATIONS)
                .tag("state", state)
                .gauge()
                .value();
    }
}
