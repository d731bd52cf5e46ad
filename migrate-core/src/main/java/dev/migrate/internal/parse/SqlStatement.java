package dev.migrate.internal.parse;

/**
 * One statement exactly as it goes to the database, and the 1-based line of the file where it
 * starts (for error messages).
 */
public record SqlStatement(String sql, int line) {}
