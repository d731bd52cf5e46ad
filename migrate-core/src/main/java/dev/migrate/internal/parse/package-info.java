/**
 * The sql-migrate file format: a streaming, line-oriented parser that carries line numbers
 * into every statement and error.
 */
@NullMarked
package dev.migrate.internal.parse;

import org.jspecify.annotations.NullMarked;
