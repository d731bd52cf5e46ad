@NullMarked
package dev.migrate.source;

import org.jspecify.annotations.NullMarked;
