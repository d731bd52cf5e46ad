package dev.migrate.boot;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.jdbc.JdbcConnectionDetails;

/**
 * What Spring Boot 3 keeps elsewhere than Boot 4: the JDBC auto-configurations and {@code
 * JdbcConnectionDetails} live in spring-boot-autoconfigure's {@code autoconfigure.jdbc} package.
 * One of the four files of this starter; every other source is migrate-spring-boot-starter's.
 */
final class BootLine {

    /** Spring Boot's DataSource auto-configuration, which migrate's runs after. */
    static final String DATA_SOURCE_AUTO_CONFIGURATION =
            "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration";

    /** Spring Boot's JdbcTemplate auto-configuration, which migrate's runs after. */
    static final String JDBC_TEMPLATE_AUTO_CONFIGURATION =
            "org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration";

    private BootLine() {}

    /**
     * What exit mode sets ahead of every other property source: no web server, no port, and no
     * Spring shutdown hook. Exit mode ends the process from inside the context's start; Spring
     * Framework 6.2's hook then waits for the start-up lock that the exiting thread holds whenever
     * it misreads that thread's state (a race a loaded machine loses), and the process hangs
     * (Framework 7's hook gives up instead). Without the hook the process ends at once and the
     * database closes the sessions of the pool.
     */
    static Map<String, Object> exitModeProperties() {
        return Map.of("spring.main.web-application-type", "none", "spring.main.register-shutdown-hook", "false");
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
