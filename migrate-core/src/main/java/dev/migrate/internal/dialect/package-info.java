/**
 * What differs between databases (PostgreSQL, MySQL/MariaDB, H2): detection from a
 * connection, the history tables' and the lease table's SQL, the database clock the lease uses,
 * the error codes the engine acts on (missing table, unique violation, lock timeout and conflict),
 * session settings. SQL that only one lock kind or DDL guard uses on one database (advisory lock
 * functions, {@code GET_LOCK}, blocker queries) stays in that per-database class. Internal: used
 * by the engine.
 */
@NullMarked
package dev.migrate.internal.dialect;

import org.jspecify.annotations.NullMarked;
