@NullMarked
package dev.migrate.plan;

import org.jspecify.annotations.NullMarked;
