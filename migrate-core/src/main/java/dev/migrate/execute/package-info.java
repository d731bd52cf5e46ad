@NullMarked
package dev.migrate.execute;

import org.jspecify.annotations.NullMarked;
