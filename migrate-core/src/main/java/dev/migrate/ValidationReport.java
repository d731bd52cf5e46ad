package dev.migrate;

import java.util.List;

/**
 * What {@link Migrator#validate()} found wrong between the migrations and the history.
 *
 * @param edited applied migrations whose file changed since (recorded and current checksum)
 * @param unknown applied migrations the source no longer has and older than one it has (empty with
 *     {@code ignoreUnknown}), and applied migrations whose file was renamed (a pending file has the
 *     checksum recorded for them; listed whatever their place and {@code ignoreUnknown}); future
 *     ones, newer than every migration found, are no problem
 * @param failed migrations marked failed (an Up or a Down failed part-way) or interrupted (its
 *     process died inside a statement that cannot be rolled back) that wait for a repair
 */
public record ValidationReport(List<String> edited, List<String> unknown, List<String> failed) {

    public ValidationReport {
        edited = List.copyOf(edited);
        unknown = List.copyOf(unknown);
        failed = List.copyOf(failed);
    }

    /** Whether nothing is wrong. Pending migrations are not a problem. */
    public boolean isValid() {
        return edited.isEmpty() && unknown.isEmpty() && failed.isEmpty();
    }
}
