package dev.migrate.internal.dialect;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;

/**
 * Whether a PostgreSQL connection reaches the server through a proxy (PgBouncer, Pgpool): pgjdbc
 * knows the server process it connected to from the start-up handshake, and behind a proxy that is
 * the proxy's made-up one, not the process that runs the statements ({@code pg_backend_pid()}).
 * Behind a proxy there may be no session: the next transaction may run on another server
 * connection, and this one on a server connection other clients get next.
 */
public final class ServerProcess {

    private static final boolean PGJDBC_PRESENT = present();

    private ServerProcess() {}

    /**
     * Whether the connection's statements run in a server process other than the one pgjdbc
     * connected to; false where the driver is not pgjdbc (it cannot tell).
     *
     * @param runsIn what {@code pg_backend_pid()} answered on the connection
     */
    public static boolean behindProxy(Connection connection, int runsIn) {
        Integer connected = connectedTo(connection);
        return connected != null && connected != runsIn;
    }

    private static @Nullable Integer connectedTo(Connection connection) {
        if (!PGJDBC_PRESENT) {
            return null;
        }
        try {
            return connection.isWrapperFor(PGConnection.class)
                    ? connection.unwrap(PGConnection.class).getBackendPID()
                    : null;
        } catch (SQLException e) {
            return null;
        }
    }

    private static boolean present() {
        try {
            Class.forName("org.postgresql.PGConnection", false, ServerProcess.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
