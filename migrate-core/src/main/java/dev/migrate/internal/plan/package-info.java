/**
 * Ordering migrations and planning what a run applies or undoes from the history.
 * Internal: used by the engine.
 */
@NullMarked
package dev.migrate.internal.plan;

import org.jspecify.annotations.NullMarked;
