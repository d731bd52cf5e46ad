/** Keeping secrets out of SQL text that migrate shows (logs, errors, the endpoint, health). */
@NullMarked
package dev.migrate.internal.redact;

import org.jspecify.annotations.NullMarked;
