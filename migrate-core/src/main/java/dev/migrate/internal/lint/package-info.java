/**
 * Names PostgreSQL DDL that locks or rewrites a busy table for long, before it runs, with the
 * safer form to use instead.
 */
@NullMarked
package dev.migrate.internal.lint;

import org.jspecify.annotations.NullMarked;
