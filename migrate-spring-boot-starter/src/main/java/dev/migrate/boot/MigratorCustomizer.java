package dev.migrate.boot;

import dev.migrate.Migrator;

/**
 * Adjusts the {@link Migrator.Builder} after the {@code migrate.*} properties were applied.
 * Every bean is called, in {@link org.springframework.core.annotation.Order @Order}.
 */
@FunctionalInterface
public interface MigratorCustomizer {

    /** Changes settings of the builder before the Migrator is built. */
    void customize(Migrator.Builder builder);
}
