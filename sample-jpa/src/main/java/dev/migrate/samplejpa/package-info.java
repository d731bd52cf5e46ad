/** A Spring Data JPA service whose schema migrate keeps, with nothing but the starter added. */
@NullMarked
package dev.migrate.samplejpa;

import org.jspecify.annotations.NullMarked;
