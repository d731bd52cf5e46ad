@NullMarked
package dev.migrate.history;

import org.jspecify.annotations.NullMarked;
