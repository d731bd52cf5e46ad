/**
 * Where migrations come from: {@code classpath:} and {@code filesystem:} locations.
 */
@NullMarked
package dev.migrate.source;

import org.jspecify.annotations.NullMarked;
