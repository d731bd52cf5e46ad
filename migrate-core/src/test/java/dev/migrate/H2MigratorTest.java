package dev.migrate;

import dev.migrate.testing.TestDatabase;

/** The Migrator contract on H2 (table-lease lock). */
class H2MigratorTest extends MigratorContract {

    H2MigratorTest() {
        super(TestDatabase.h2("migrator"));
    }

    @Override
    String sideTableInSql() {
        return '"' + super.sideTableInSql() + '"'; // created quoted, in lower case
    }
}
