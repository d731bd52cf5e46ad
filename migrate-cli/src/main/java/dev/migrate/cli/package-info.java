/**
 * migrate as a command line without Spring: {@code java -jar migrate-cli.jar up}, the same
 * commands, settings and exit codes as the starter's exit mode, read from arguments and
 * environment variables (docs/cli.md).
 */
@NullMarked
package dev.migrate.cli;

import org.jspecify.annotations.NullMarked;
