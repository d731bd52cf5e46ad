package dev.migrate.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The chart in deploy/helm/migrate-service, rendered and linted by real Helm (the engine inside
 * helm-java) and read as fabric8's typed objects: the hook ordering that lets a pre-install Job
 * find its Secret, the Job's exit-mode arguments, the service with migrating off, the
 * initContainer variant, the JVM options of the containers that migrate and exit, and a
 * startupProbe that outlasts the lock timeout.
 */
class HelmChartTest {

    private static final int LOCK_TIMEOUT = 600;

    private static Map<String, Object> values(Object... pairs) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("database.password", "s3cret");
        for (int i = 0; i < pairs.length; i += 2) {
            values.put((String) pairs[i], pairs[i + 1]);
        }
        return values;
    }

    @Test
    void helmLintFindsNothingToSay() {
        LintResult lint = new Helm(DeployFiles.chart()).lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    }

    @Test
    void theJobIsAPreInstallAndPreUpgradeHookThatRunsTheSameImageInExitMode() {
        RenderedChart chart = RenderedChart.render(values());

        Job job = chart.one(Job.class);
        assertThat(job.getMetadata().getName()).isEqualTo("orders-migrate");
        assertThat(chart.hooks()).contains("Job/orders-migrate");
        assertThat(job.getMetadata().getAnnotations())
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-weight", "0")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation,hook-succeeded");
        assertThat(job.getSpec().getBackoffLimit()).isZero();
        assertThat(job.getSpec().getActiveDeadlineSeconds()).isGreaterThanOrEqualTo(LOCK_TIMEOUT);
        Container migrate =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(migrate.getArgs()).containsExactly("--migrate.mode=exit", "--migrate.command=up");
        assertThat(migrate.getImage()).isEqualTo(service(chart).getImage());
        assertThat(env(migrate, "MIGRATE_LOCK_TIMEOUT")).contains("600s");
        assertThat(env(migrate, "MIGRATE_ENABLED")).isEmpty();
    }

    @Test
    void theSecretTheJobReadsIsAHookCreatedBeforeIt() {
        RenderedChart chart = RenderedChart.render(values());

        Secret secret = chart.one(Secret.class);
        Job job = chart.one(Job.class);
        assertThat(chart.hooks()).containsExactly("Job/orders-migrate", "Secret/orders-database");
        // a pre-install hook runs before the chart's plain resources exist: the Secret must be a hook
        // too, of the same events and a lower weight, or the Job's pod cannot start
        assertThat(secret.getMetadata().getAnnotations())
                .containsEntry("helm.sh/hook", "pre-install,pre-upgrade")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
        assertThat(Integer.parseInt(secret.getMetadata().getAnnotations().get("helm.sh/hook-weight")))
                .isLessThan(Integer.parseInt(job.getMetadata().getAnnotations().get("helm.sh/hook-weight")));
        Container migrate =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(chart.environment(migrate, Map.of()))
                .containsEntry("SPRING_DATASOURCE_USERNAME", "orders")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", "s3cret");
    }

    @Test
    void anExistingSecretIsReadByNameAndNoneIsCreated() {
        RenderedChart chart =
                RenderedChart.render(Map.of("database.existingSecret", "orders-db", "database.passwordKey", "pw"));

        assertThat(chart.find(Secret.class)).isEmpty();
        Container migrate = chart.one(Job.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
        EnvVar password = migrate.getEnv().stream()
                .filter(e -> e.getName().equals("SPRING_DATASOURCE_PASSWORD"))
                .findFirst()
                .orElseThrow();
        assertThat(password.getValueFrom().getSecretKeyRef().getName()).isEqualTo("orders-db");
        assertThat(password.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("pw");
    }

    @Test
    void withoutAPasswordOrAnExistingSecretTheRenderFailsSayingWhatToSet() {
        assertThatThrownBy(() -> RenderedChart.render(Map.of()))
                .hasMessageContaining("set database.password, or database.existingSecret");
    }

    @Test
    void whenTheJobMigratesTheServiceOnlyObservesAndHasHealthProbes() {
        RenderedChart chart = RenderedChart.render(values());

        Deployment deployment = chart.one(Deployment.class);
        assertThat(chart.hooks()).doesNotContain("Deployment/orders");
        Container service = service(chart);
        // observe, not enabled=false: the service's meters must report migrations the hook left pending
        assertThat(env(service, "MIGRATE_MODE")).contains("observe");
        assertThat(env(service, "MIGRATE_ENABLED")).isEmpty();
        assertThat(service.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(service.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(deployment.getSpec().getTemplate().getSpec().getInitContainers())
                .isEmpty();
    }

    @Test
    void theInitContainerVariantMigratesInEachPodAndRendersNoJob() {
        RenderedChart chart = RenderedChart.render(values("migration.runner", "initContainer"));

        assertThat(chart.find(Job.class)).isEmpty();
        Deployment deployment = chart.one(Deployment.class);
        Container init =
                deployment.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertThat(init.getArgs()).containsExactly("--migrate.mode=exit", "--migrate.command=up");
        assertThat(init.getImage()).isEqualTo(service(chart).getImage());
        assertThat(env(service(chart), "MIGRATE_MODE")).contains("observe");
        assertThat(env(service(chart), "MIGRATE_ENABLED")).isEmpty();
    }

    @Test
    void whenTheServiceMigratesItselfMigratingStaysOnAndNothingElseMigrates() {
        RenderedChart chart = RenderedChart.render(values("migration.runner", "service"));

        assertThat(chart.find(Job.class)).isEmpty();
        assertThat(chart.one(Deployment.class).getSpec().getTemplate().getSpec().getInitContainers())
                .isEmpty();
        assertThat(env(service(chart), "MIGRATE_ENABLED")).isEmpty();
        assertThat(env(service(chart), "MIGRATE_MODE")).isEmpty();
    }

    @Test
    void theStartupProbeAllowsAtLeastTheLockTimeoutInEveryVariant() {
        for (String runner : new String[] {"job", "initContainer", "service"}) {
            for (int lockTimeout : new int[] {60, 600, 1801}) {
                Probe startup = service(RenderedChart.render(
                                values("migration.runner", runner, "migration.lockTimeoutSeconds", lockTimeout)))
                        .getStartupProbe();
                // a JPA service migrates before its web server answers: the probe must outlast a wait
                // for the lock (and the run), or Kubernetes kills the pod mid-migration
                assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                        .as("startupProbe of %s with lockTimeoutSeconds %d", runner, lockTimeout)
                        .isGreaterThanOrEqualTo(lockTimeout);
            }
        }
    }

    @Test
    void aTargetAndAnotherCommandReachTheJobsArguments() {
        Job job = RenderedChart.render(
                        values("migration.command", "down", "migration.target", "20240101000100-seed_notes.sql"))
                .one(Job.class);

        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
                .containsExactly(
                        "--migrate.mode=exit",
                        "--migrate.command=down",
                        "--migrate.target=20240101000100-seed_notes.sql");
    }

    @Test
    void beforeContextReachesTheJobAndTheInitContainerButNotTheService() {
        assertThat(job(RenderedChart.render(values("migration.beforeContext", "true")))
                        .getArgs())
                .containsExactly("--migrate.mode=exit", "--migrate.command=up", "--migrate.exit-before-context=true");

        RenderedChart chart =
                RenderedChart.render(values("migration.runner", "initContainer", "migration.beforeContext", "true"));
        assertThat(initContainer(chart).getArgs())
                .containsExactly("--migrate.mode=exit", "--migrate.command=up", "--migrate.exit-before-context=true");
        assertThat(service(chart).getArgs()).doesNotContain("--migrate.exit-before-context=true");
    }

    @Test
    void theMigratingContainersRunTheJvmWithC1OnlyAndTheServiceKeepsTheImagesOptions() {
        RenderedChart jobChart = RenderedChart.render(values());
        assertThat(env(job(jobChart), "JAVA_TOOL_OPTIONS")).contains("-XX:TieredStopAtLevel=1");
        assertThat(env(service(jobChart), "JAVA_TOOL_OPTIONS")).isEmpty();

        RenderedChart initChart = RenderedChart.render(values("migration.runner", "initContainer"));
        assertThat(env(initContainer(initChart), "JAVA_TOOL_OPTIONS")).contains("-XX:TieredStopAtLevel=1");
        assertThat(env(service(initChart), "JAVA_TOOL_OPTIONS")).isEmpty();

        assertThat(env(job(RenderedChart.render(values("migration.jvmOptions", ""))), "JAVA_TOOL_OPTIONS"))
                .as("empty: the image's own JVM options")
                .isEmpty();
    }

    @Test
    void aJavaToolOptionsInTheChartsEnvComesAfterTheMigrationDefaultSoItWins() {
        Container job =
                job(RenderedChart.render(values("env[0].name", "JAVA_TOOL_OPTIONS", "env[0].value", "-Xmx256m")));
        // the kubelet, like a shell, takes the last of two variables with one name
        assertThat(job.getEnv().stream()
                        .filter(e -> e.getName().equals("JAVA_TOOL_OPTIONS"))
                        .map(EnvVar::getValue))
                .containsExactly("-XX:TieredStopAtLevel=1", "-Xmx256m");
    }

    @Test
    void anUnknownRunnerIsRefusedNamingTheValue() {
        assertThatThrownBy(() -> RenderedChart.render(values("migration.runner", "cron")))
                .hasMessageContaining("migration.runner must be job, initContainer or service, was \"cron\"");
    }

    /** The migration Job's one container. */
    static Container job(RenderedChart chart) {
        return chart.one(Job.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    /** The Deployment's initContainer that migrates. */
    static Container initContainer(RenderedChart chart) {
        return chart.one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getInitContainers()
                .get(0);
    }

    static Container service(RenderedChart chart) {
        return chart.one(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    static Optional<String> env(Container container, String name) {
        return container.getEnv().stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst();
    }
}
