package dev.migrate.lock;

import dev.migrate.LockException;
import dev.migrate.dialect.Dialect;
import dev.migrate.dialect.TableName;
import java.sql.Connection;
import javax.sql.DataSource;

/** Creates the lock a run takes. */
public final class MigrationLocks {

    private MigrationLocks() {}

    public static MigrationLock create(
            LockSettings settings, Dialect dialect, TableName historyTable, DataSource dataSource, Connection connection) {
        if (settings.type() == LockType.NONE) {
            return NoLock.INSTANCE;
        }
        throw new LockException("lock kind " + settings.type() + " lands with the lock branch");
    }
}
