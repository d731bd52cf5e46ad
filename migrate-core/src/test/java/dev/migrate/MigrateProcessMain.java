package dev.migrate;

import java.time.Duration;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A replica in a separate JVM for the process-level tests: migrates up and exits 0, or prints the
 * error and exits 1. Arguments: JDBC URL, user, password, location, application name, lock
 * timeout in seconds, and optionally the lock type and the lease time in milliseconds.
 */
public final class MigrateProcessMain {

    private MigrateProcessMain() {}

    public static void main(String[] args) {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(args[0], args[1], args[2]);
        try {
            Migrator.Builder builder = Migrator.builder(dataSource)
                    .locations(args[3])
                    .applicationName(args[4])
                    .lockTimeout(Duration.ofSeconds(Long.parseLong(args[5])));
            if (args.length > 7) {
                builder.lockType(LockType.fromValue(args[6])).leaseTime(Duration.ofMillis(Long.parseLong(args[7])));
            }
            MigrateResult result = builder.build().up();
            System.out.println("RESULT executed=" + result.count() + " lockTaken=" + result.lockTaken() + " waitedMs="
                    + result.lockWait().toMillis());
            System.exit(0);
        } catch (RuntimeException e) {
            System.out.println("FAILED " + e);
            e.printStackTrace(System.out);
            System.exit(1);
        }
    }
}
