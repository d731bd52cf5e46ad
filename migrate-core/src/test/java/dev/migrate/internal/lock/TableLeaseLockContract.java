package dev.migrate.internal.lock;

import dev.migrate.LockType;
import dev.migrate.testing.TestDatabase;
import java.sql.Connection;

/** The lock contract for the table lease, which runs on every database; one subclass per database. */
abstract class TableLeaseLockContract extends LockContract {

    TableLeaseLockContract(TestDatabase.Kind database) {
        super(LockType.TABLE_LEASE, database);
    }

    /** The lease row's owner: host and pid for people, then the token that is the identity. */
    @Override
    String identity(Connection holder, LockHandle handle) {
        LockOwner owner = ((TableLease) handle).owner();
        return "lease owner " + owner.describe() + " (token " + owner.token();
    }
}
