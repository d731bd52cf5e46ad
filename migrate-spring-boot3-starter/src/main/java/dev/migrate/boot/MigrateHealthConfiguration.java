package dev.migrate.boot;

import java.util.Map;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code migrate} health indicator, when Actuator is present (Boot 3 keeps health in
 * spring-boot-actuator; Boot 4 moved it to spring-boot-health).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(
        name = {
            "org.springframework.boot.actuate.health.HealthIndicator",
            "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"
        })
final class MigrateHealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "migrateHealthIndicator")
    @ConditionalOnEnabledHealthIndicator("migrate")
    HealthContributor migrateHealthIndicator(MigrateExecutions executions) {
        Map<String, MigrateExecution> byName = executions.byName();
        if (byName.size() == 1) {
            return new MigrateHealthIndicator(byName.values().iterator().next());
        }
        return CompositeHealthContributor.fromMap(byName, MigrateHealthIndicator::new);
    }
}
