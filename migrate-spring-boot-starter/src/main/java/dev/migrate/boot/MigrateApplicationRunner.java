package dev.migrate.boot;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;

/**
 * Migrates after the context (and the web server) started, when {@link MigrateStartup} decided
 * so (mode runner, and auto when nothing uses the schema at start-up). Liveness is already
 * CORRECT and readiness turns ACCEPTING_TRAFFIC only after every runner returned, so Kubernetes
 * neither kills the pod nor routes requests to it while a long migration runs. Runs before the
 * application's own runners, which may need the schema.
 */
final class MigrateApplicationRunner implements ApplicationRunner, Ordered {

    private final MigrateStartup startup;

    MigrateApplicationRunner(MigrateStartup startup) {
        this.startup = startup;
    }

    @Override
    public void run(ApplicationArguments args) {
        startup.afterContextStart();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
