/** Keeping secrets out of SQL text that migrate shows (logs, errors, the endpoint, health). */
@NullMarked
package dev.migrate.redact;

import org.jspecify.annotations.NullMarked;
