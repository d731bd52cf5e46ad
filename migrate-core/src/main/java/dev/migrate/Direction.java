package dev.migrate;

/** Which half of a migration file: {@code -- +migrate Up} or {@code -- +migrate Down}. */
public enum Direction {
    UP,
    DOWN
}
