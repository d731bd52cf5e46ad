package dev.migrate.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name reader the dashboard and rule checks rely on. */
class QueriesTest {

    @Test
    void readsMetricNamesButNotFunctionsLabelsStringsOrDurations() {
        assertThat(Queries.metricNames("max without (instance, pod) (migrate_migrations{state=~\"failed|x_y\"}) > 0"))
                .containsExactly("migrate_migrations");
        assertThat(Queries.metricNames("(time() - migrate_run_start_time_seconds) > 900 and migrate_run_active == 1"))
                .containsExactly("migrate_run_active", "migrate_run_start_time_seconds");
        assertThat(Queries.metricNames(
                        "sum by (job) (increase(migrate_runs_failed_total[10m])) > 0 or ignoring (state) up offset 5m"))
                .containsExactly("migrate_runs_failed_total", "up");
        assertThat(Queries.metricNames("label_values(migrate_run_active, job)")).containsExactly("migrate_run_active");
        assertThat(Queries.metricNames("rate(a_seconds_sum{job=~\"$job\"}[$__rate_interval]) / 1e3"))
                .containsExactly("a_seconds_sum");
    }
}
