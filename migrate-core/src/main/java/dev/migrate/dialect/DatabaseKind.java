package dev.migrate.dialect;

/** The databases migrate knows. */
public enum DatabaseKind {
    POSTGRESQL,
    MYSQL,
    H2
}
