package dev.migrate;

import dev.migrate.testing.TestDatabase;

/** The Migrator contract on PostgreSQL. */
class PostgresMigratorTest extends MigratorContract {

    PostgresMigratorTest() {
        super(TestDatabase.postgres("migrator"));
    }
}
