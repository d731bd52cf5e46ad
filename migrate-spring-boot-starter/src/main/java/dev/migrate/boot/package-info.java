/**
 * Spring Boot auto-configuration for migrate: {@code migrate.*} properties, start-up modes, and
 * the Actuator endpoint, health indicator and metrics. Start at {@link
 * dev.migrate.boot.MigrateProperties}.
 */
@NullMarked
package dev.migrate.boot;

import org.jspecify.annotations.NullMarked;
