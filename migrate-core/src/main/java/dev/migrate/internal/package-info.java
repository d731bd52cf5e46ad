/**
 * The engine behind {@link dev.migrate.Migrator}: not API. Its types are public only so that its
 * packages can use each other; they change in any release. Users need only {@code dev.migrate}.
 *
 * <p>The arrows run one way: the facade ({@code Migrator}, {@code MigrationSources}) uses the
 * engine, the engine uses the API's value types (results, exceptions, enums, the source SPI), and
 * nothing here uses the facade. The engine's packages form no cycle. {@code ArchitectureTest}
 * checks all three.
 */
@NullMarked
package dev.migrate.internal;

import org.jspecify.annotations.NullMarked;
