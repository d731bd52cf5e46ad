package dev.migrate.internal.dialect;

/** The databases migrate knows. */
public enum DatabaseKind {
    POSTGRESQL,
    MYSQL,
    H2
}
