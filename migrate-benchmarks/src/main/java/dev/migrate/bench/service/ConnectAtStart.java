package dev.migrate.bench.service;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With {@code w7.connect-at-start=true}: one {@code select 1} through the service's pool before it
 * is ready, the floor of any tool that reads the history at start-up (driver, pool, connection).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("w7.connect-at-start")
class ConnectAtStart {

    @Bean
    ApplicationRunner connectOnce(JdbcTemplate jdbc) {
        return args -> jdbc.queryForObject("select 1", Integer.class);
    }
}
