package dev.migrate.cli;

import dev.migrate.testing.TestDatabase;

class CliPostgresTest extends CliCommandsContract {

    @Override
    TestDatabase createDatabase(String hint) {
        return TestDatabase.postgres(hint);
    }
}
