@NullMarked
package dev.migrate.dialect;

import org.jspecify.annotations.NullMarked;
