package dev.migrate.internal.dialect;

/**
 * Whether the PostgreSQL driver's own API ({@code org.postgresql.PGConnection}) can be used: the
 * driver is an optional dependency, so the code that unwraps a connection to it (release
 * notifications, the proxy check of a session) asks first.
 */
public final class PgJdbc {

    private static final boolean PRESENT = loadable("org.postgresql.PGConnection", PgJdbc.class.getClassLoader());

    private PgJdbc() {}

    /** True when pgjdbc's API is on the class path that loaded migrate. */
    public static boolean present() {
        return PRESENT;
    }

    private static boolean loadable(String className, ClassLoader loader) {
        try {
            Class.forName(className, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
