/**
 * The history table ({@code gorp_migrations}, as sql-migrate keeps it) and migrate's side
 * table beside it. Internal: used by the engine.
 */
@NullMarked
package dev.migrate.internal.history;

import org.jspecify.annotations.NullMarked;
