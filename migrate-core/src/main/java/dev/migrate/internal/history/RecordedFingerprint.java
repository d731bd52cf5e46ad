package dev.migrate.internal.history;

/**
 * A fingerprint to record on an applied migration's side row.
 *
 * @param id the migration's id
 * @param checksum the checksum the side row must still have (the one the fingerprint is bound to)
 * @param fingerprint the value to record: {@link dev.migrate.internal.checksum.Fingerprint#bound}
 */
public record RecordedFingerprint(String id, String checksum, String fingerprint) {}
