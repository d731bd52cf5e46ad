package dev.migrate.boot;

import dev.migrate.Migrator;
import java.util.Objects;

/**
 * Adjusts a {@link Migrator.Builder} after the {@code migrate.*} properties were applied. Every
 * bean is called for every auto-configured Migrator (the one named {@code default}, or each of
 * {@code migrate.migrators}), in {@link org.springframework.core.annotation.Order @Order}.
 */
@FunctionalInterface
public interface MigratorCustomizer {

    /** Changes settings of the builder before the Migrator is built. */
    void customize(Migrator.Builder builder);

    /**
     * Changes settings of the builder of the Migrator named {@code name} ({@code default}, or the
     * {@code migrate.migrators} entry's name); by default {@link #customize(Migrator.Builder)}.
     * Override it to treat Migrators differently, or use {@link #forMigrator}.
     */
    default void customize(String name, Migrator.Builder builder) {
        customize(builder);
    }

    /** A customizer that changes only the Migrator named {@code name}, e.g. to give it a callback of its own. */
    static MigratorCustomizer forMigrator(String name, MigratorCustomizer customizer) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(customizer, "customizer");
        return new MigratorCustomizer() {
            /** Told no name, it cannot know the Migrator is {@code name}'s: it changes nothing. */
            @Override
            public void customize(Migrator.Builder builder) {}

            @Override
            public void customize(String migrator, Migrator.Builder builder) {
                if (migrator.equals(name)) {
                    customizer.customize(migrator, builder);
                }
            }
        };
    }
}
