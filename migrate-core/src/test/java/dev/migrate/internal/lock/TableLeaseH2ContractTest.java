package dev.migrate.internal.lock;

import dev.migrate.testing.TestDatabase;

class TableLeaseH2ContractTest extends TableLeaseLockContract {

    TableLeaseH2ContractTest() {
        super(TestDatabase.Kind.H2);
    }
}
