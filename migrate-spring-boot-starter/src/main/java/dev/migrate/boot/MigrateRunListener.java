package dev.migrate.boot;

import dev.migrate.MigrateResult;

/** Hears how a start-up migration ended; metrics use it. */
interface MigrateRunListener {

    void succeeded(MigrateResult result);

    void failed(Throwable failure);
}
