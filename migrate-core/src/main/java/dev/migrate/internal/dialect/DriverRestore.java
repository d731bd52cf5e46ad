package dev.migrate.internal.dialect;

/**
 * Puts back a driver setting of a connection that {@link Dialect#sendUnnamed(java.sql.Connection)}
 * changed, before the connection goes back to its pool; closing twice is harmless.
 */
@FunctionalInterface
public interface DriverRestore extends AutoCloseable {

    /** Nothing was changed. */
    DriverRestore NOTHING = () -> {};

    @Override
    void close();
}
