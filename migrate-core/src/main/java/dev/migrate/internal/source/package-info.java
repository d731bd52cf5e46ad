/**
 * Where migrations come from: {@code classpath:} and {@code filesystem:} locations.
 */
@NullMarked
package dev.migrate.internal.source;

import org.jspecify.annotations.NullMarked;
