package dev.migrate.boot;

import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * {@link MigrateExitModeEnvironmentPostProcessor} as Spring Boot 3 loads it: its interface lives in
 * {@code org.springframework.boot.env} (Boot 4: {@code org.springframework.boot}), and so does the
 * key it is listed under in {@code META-INF/spring.factories} (this module's build rewrites the key
 * of the shared file).
 */
final class BootLineEnvironmentPostProcessor extends MigrateExitModeEnvironmentPostProcessor
        implements EnvironmentPostProcessor {

    BootLineEnvironmentPostProcessor(DeferredLogFactory logs) {
        super(logs);
    }
}
