package dev.migrate.internal.lock;

import dev.migrate.testing.TestDatabase;

class TableLeaseMariaDbContractTest extends TableLeaseLockContract {

    TableLeaseMariaDbContractTest() {
        super(TestDatabase.Kind.MARIADB);
    }
}
