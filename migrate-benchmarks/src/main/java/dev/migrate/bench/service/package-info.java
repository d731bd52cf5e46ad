/**
 * W7's small Spring Boot service: Spring MVC, Actuator (health), JDBC on PostgreSQL and one REST
 * controller. W7 starts it four times over with four class paths (no tool, migrate's starter,
 * Spring Boot's Flyway starter, its Liquibase starter); it reports how long its JVM took to reach
 * {@code ApplicationReadyEvent} and ends.
 */
@NullMarked
package dev.migrate.bench.service;

import org.jspecify.annotations.NullMarked;
