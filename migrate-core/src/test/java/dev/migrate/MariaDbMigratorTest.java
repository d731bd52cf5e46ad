package dev.migrate;

import dev.migrate.testing.TestDatabase;

/** The Migrator contract on MariaDB (MySQL dialect). */
class MariaDbMigratorTest extends MigratorContract {

    MariaDbMigratorTest() {
        super(TestDatabase.mariadb("migrator"));
    }
}
