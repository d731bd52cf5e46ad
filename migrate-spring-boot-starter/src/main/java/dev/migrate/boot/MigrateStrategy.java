package dev.migrate.boot;

import dev.migrate.MigrateResult;
import dev.migrate.Migrator;

/**
 * Replaces the call that migrates at start-up (by default {@link Migrator#up()}). Define one
 * bean, e.g. to apply up to a target, or to {@link Migrator#repair()} first.
 */
@FunctionalInterface
public interface MigrateStrategy {

    /** Migrates with the configured {@link Migrator} and returns what ran. */
    MigrateResult migrate(Migrator migrator);
}
