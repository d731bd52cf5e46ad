/**
 * Running one migration's statements on the run's pinned connection and recording it.
 * Internal: used by the engine.
 */
@NullMarked
package dev.migrate.internal.execute;

import org.jspecify.annotations.NullMarked;
