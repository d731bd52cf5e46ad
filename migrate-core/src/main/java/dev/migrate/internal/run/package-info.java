/**
 * The engine's top: {@link dev.migrate.internal.run.MigrationRunner} runs each command of the
 * {@link dev.migrate.Migrator} facade by the lock protocol (read without the lock, lock, read
 * again, migrate, release), with the classes it hands work to: {@link
 * dev.migrate.internal.run.Sessions} (the run's connection and lock), {@link
 * dev.migrate.internal.run.StatusAssembly} (status and validate from what was read), {@link
 * dev.migrate.internal.run.Repair}, and the callbacks and operator log lines of a run.
 */
@NullMarked
package dev.migrate.internal.run;

import org.jspecify.annotations.NullMarked;
