package dev.migrate.boot;

/** Ends the process with a code; {@link System#exit(int)} outside tests. */
@FunctionalInterface
interface ProcessExit {

    void exit(int code);
}
