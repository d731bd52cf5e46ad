package dev.migrate.boot;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * What Spring Boot 4 keeps elsewhere than Boot 3: the JDBC auto-configurations' names and {@code
 * JdbcConnectionDetails} (module spring-boot-jdbc). The rest of the starter names none of these, so
 * that migrate-spring-boot3-starter compiles the same sources with its own {@code BootLine}, {@code
 * BootLineEnvironmentPostProcessor}, {@code MigrateHealthConfiguration} and {@code
 * MigrateHealthIndicator} (the only files that differ between the two starters).
 */
final class BootLine {

    /** Spring Boot's DataSource auto-configuration, which migrate's runs after. */
    static final String DATA_SOURCE_AUTO_CONFIGURATION =
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    /** Spring Boot's JdbcTemplate auto-configuration, which migrate's runs after. */
    static final String JDBC_TEMPLATE_AUTO_CONFIGURATION =
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration";

    private BootLine() {}

    /** What exit mode sets ahead of every other property source: no web server, no port. */
    static Map<String, Object> exitModeProperties() {
        return Map.of("spring.main.web-application-type", "none");
    }

    /** {@code spring.datasource.*} as Spring Boot resolved it (service connections included), or null. */
    static @Nullable JdbcConnection jdbcConnection(BeanFactory beans) {
        JdbcConnectionDetails details =
                beans.getBeanProvider(JdbcConnectionDetails.class).getIfAvailable();
        return details == null
                ? null
                : new JdbcConnection(details.getJdbcUrl(), details.getUsername(), details.getPassword());
    }

    /** The URL and credentials of Spring Boot's {@code JdbcConnectionDetails}. */
    record JdbcConnection(
            String url, @Nullable String username, @Nullable String password) {}
}
