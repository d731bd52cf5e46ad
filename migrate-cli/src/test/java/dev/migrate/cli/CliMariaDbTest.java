package dev.migrate.cli;

import dev.migrate.testing.TestDatabase;

class CliMariaDbTest extends CliCommandsContract {

    @Override
    TestDatabase createDatabase(String hint) {
        return TestDatabase.mariadb(hint);
    }
}
