package dev.migrate;

/** What to do with dangerous DDL found in pending PostgreSQL migrations before they run. */
public enum DdlLintMode {
    /** Log each finding as a warning, with file, line and the safer form, and run. */
    WARN,
    /** Fail the run before any migration runs, listing the findings. */
    FAIL,
    /** Do not check. */
    OFF
}
