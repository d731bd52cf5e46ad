/**
 * What a command line shows of a run, for the starter's exit mode and the {@code migrate-cli}
 * entry point alike: the status table ({@link dev.migrate.report.StatusText}), a plan ({@link
 * dev.migrate.report.PlanText}), the line after a run ({@link dev.migrate.report.RunText}), what validate found ({@link
 * dev.migrate.report.ValidationText}), the repair line
 * ({@link dev.migrate.report.RepairText}), one line per failure ({@link
 * dev.migrate.report.FailureText}) and the JSON document of docs/exit-mode-json.md ({@link
 * dev.migrate.report.CommandJson}). It reads the API's result types only, so both front ends print
 * the same bytes.
 */
@NullMarked
package dev.migrate.report;

import org.jspecify.annotations.NullMarked;
