package dev.migrate.cli;

import java.util.Locale;

/** The commands, as the starter's {@code migrate.command} names them. */
enum Command {
    UP,
    DOWN,
    REDO,
    STATUS,
    VALIDATE,
    REPAIR,
    SKIP,
    PLAN,
    NEW;

    static final String NAMES = "up, down, redo, status, validate, repair, skip, plan, new";

    String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code limit} and {@code target} apply. */
    boolean counts() {
        return this == UP || this == DOWN || this == SKIP || this == PLAN;
    }
}
