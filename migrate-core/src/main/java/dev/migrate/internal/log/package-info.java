/**
 * Where the engine's log lines go: the JDK's {@link java.lang.System.Logger}, so that the core
 * needs no logging library (see {@link dev.migrate.internal.log.Log}).
 */
@NullMarked
package dev.migrate.internal.log;

import org.jspecify.annotations.NullMarked;
