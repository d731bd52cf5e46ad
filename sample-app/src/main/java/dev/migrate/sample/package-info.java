/** A small notes service whose database migrates at start-up with the migrate starter. */
@NullMarked
package dev.migrate.sample;

import org.jspecify.annotations.NullMarked;
