package dev.migrate.boot;

import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@code migrate} health indicator, when Spring Boot's health module is present (Boot 4:
 * spring-boot-health; Boot 3 keeps health in spring-boot-actuator, see the Boot 3 starter's copy).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
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
