package dev.migrate.internal.lock;

import dev.migrate.testing.TestDatabase;

class TableLeasePostgresContractTest extends TableLeaseLockContract {

    TableLeasePostgresContractTest() {
        super(TestDatabase.Kind.POSTGRESQL);
    }
}
