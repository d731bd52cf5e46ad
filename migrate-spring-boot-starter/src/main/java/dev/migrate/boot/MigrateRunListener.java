package dev.migrate.boot;

import dev.migrate.MigrateResult;

/** Hears how a start-up migration (or exit-mode command) of one Migrator ended; metrics use it. */
interface MigrateRunListener {

    void succeeded(MigrateExecution execution, MigrateResult result);

    void failed(MigrateExecution execution, Throwable failure);
}
