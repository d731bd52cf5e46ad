package dev.migrate.boot;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * {@code migrate.mode=runner}: migrates after the context (and the web server) started. Liveness
 * is already CORRECT and readiness turns ACCEPTING_TRAFFIC only after every runner returned, so
 * Kubernetes neither kills the pod nor routes requests to it while a long migration runs. Runs
 * before the application's own runners, which may need the schema.
 */
final class MigrateApplicationRunner implements ApplicationRunner, Ordered {

    private final MigrationExecution execution;

    MigrateApplicationRunner(MigrationExecution execution) {
        this.execution = execution;
    }

    @Override
    public void run(ApplicationArguments args) {
        execution.migrate();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
