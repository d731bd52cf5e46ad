@NullMarked
package dev.migrate.parse;

import org.jspecify.annotations.NullMarked;
