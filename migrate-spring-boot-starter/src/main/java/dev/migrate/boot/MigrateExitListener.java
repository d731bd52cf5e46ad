package dev.migrate.boot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;

/**
 * {@code migrate.mode=exit}: once the context started (the command already ran in {@link
 * MigrateInitializer}), closes it and ends the process with the command's exit code, before any
 * ApplicationRunner is created. {@link MigrateExitModeEnvironmentPostProcessor} has switched the
 * web server off and made the application's beans lazy, so no port was opened and no JPA
 * EntityManagerFactory validated a schema the command may just have taken down. Made for a Helm
 * pre-upgrade hook Job or an initContainer running the service's own image.
 */
final class MigrateExitListener implements ApplicationListener<ApplicationStartedEvent> {

    private final MigrationStartup startup;
    private final ProcessExit exit;

    MigrateExitListener(MigrationStartup startup, ProcessExit exit) {
        this.startup = startup;
        this.exit = exit;
    }

    @Override
    public void onApplicationEvent(ApplicationStartedEvent event) {
        exitNow(event.getApplicationContext());
    }

    void exitNow(ApplicationContext context) {
        int code = startup.exitCode();
        exit.exit(SpringApplication.exit(context, () -> code));
    }
}
