/**
 * Where the engine's log lines go: the JDK's {@link java.lang.System.Logger}, so that the core
 * needs no logging library (see {@link dev.migrate.internal.log.Log}); and how they write a duration
 * ({@link dev.migrate.internal.log.DurationText}).
 */
@NullMarked
package dev.migrate.internal.log;

import org.jspecify.annotations.NullMarked;
