/**
 * The session state of the run's pinned connection: captured as the connection came from the
 * application's pool, the run's own settings applied, history writes done as the migrating user,
 * and everything a run or a migration changed put back before the connection returns.
 */
@NullMarked
package dev.migrate.internal.session;

import org.jspecify.annotations.NullMarked;
