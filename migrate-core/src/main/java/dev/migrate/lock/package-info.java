@NullMarked
package dev.migrate.lock;

import org.jspecify.annotations.NullMarked;
