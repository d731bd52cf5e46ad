package dev.migrate.boot;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;

/**
 * {@link MigrateExitModeEnvironmentPostProcessor} as Spring Boot 4 loads it: its interface lives in
 * {@code org.springframework.boot} (Boot 3: {@code org.springframework.boot.env}), and so does the
 * key it is listed under in {@code META-INF/spring.factories}.
 */
final class BootLineEnvironmentPostProcessor extends MigrateExitModeEnvironmentPostProcessor
        implements EnvironmentPostProcessor {

    BootLineEnvironmentPostProcessor(DeferredLogFactory logs) {
        super(logs);
    }
}
