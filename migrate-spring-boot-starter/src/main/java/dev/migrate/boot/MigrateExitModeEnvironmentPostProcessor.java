package dev.migrate.boot;

import java.util.Locale;
import org.apache.commons.logging.Log;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With {@code migrate.mode=exit} (any spelling Spring Boot binds, e.g. {@code MIGRATE_MODE=exit})
 * the process only migrates: no web server starts and no port opens. It sets {@code
 * spring.main.web-application-type=none} ahead of every other property source before Spring Boot
 * binds {@code spring.main.*}. With {@code migrate.output=json} it keeps stdout for the command's
 * JSON and sends everything else written there (banner, logs) to stderr ({@link StandardOutput}).
 * The command itself runs in {@link MigrateInitializer}, which {@link ExitCommandFirst} creates
 * before the context creates the application's beans; it ends the process.
 *
 * <p>Spring Boot loads it as {@link BootLineEnvironmentPostProcessor}, which adds the interface of
 * its Boot line ({@code EnvironmentPostProcessor} moved between Boot 3 and 4).
 */
class MigrateExitModeEnvironmentPostProcessor implements Ordered {

    static final String PROPERTY_SOURCE = "migrateExitMode";

    private final Log log;

    MigrateExitModeEnvironmentPostProcessor(DeferredLogFactory logs) {
        this.log = logs.getLog(MigrateExitModeEnvironmentPostProcessor.class);
    }

    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String mode = Binder.get(environment)
                .bind("migrate.mode", String.class)
                .map(m -> m.trim().toLowerCase(Locale.ROOT))
                .orElse("");
        if (mode.equals("exit")) {
            if (!Binder.get(environment).bind("migrate.enabled", Boolean.class).orElse(true)) {
                log.warn("migrate.mode=exit with migrate.enabled=false: nothing will be migrated"
                        + " and the process ends with exit code 0");
            }
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(PROPERTY_SOURCE, BootLine.exitModeProperties()));
            String output = Binder.get(environment)
                    .bind("migrate.output", String.class)
                    .map(o -> o.trim().toLowerCase(Locale.ROOT))
                    .orElse("");
            if (output.equals("json")) {
                // before logging starts: stdout is for the JSON alone, the banner and the logs go to stderr
                StandardOutput.reserveForCommandOutput();
            }
        }
    }

    @Override
    public int getOrder() {
        // after the config data (application.properties, profiles) is loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
