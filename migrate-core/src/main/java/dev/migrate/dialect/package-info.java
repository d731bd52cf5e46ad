/**
 * What differs between databases (PostgreSQL, MySQL/MariaDB, H2): detection from a
 * connection, the history tables' SQL, session settings. Internal: used by the engine.
 */
@NullMarked
package dev.migrate.dialect;

import org.jspecify.annotations.NullMarked;
