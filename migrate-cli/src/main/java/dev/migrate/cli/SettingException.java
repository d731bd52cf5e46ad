package dev.migrate.cli;

/** A setting or an argument is wrong; the message names it (the variable or the argument) and says how to fix it. */
final class SettingException extends RuntimeException {

    SettingException(String message) {
        super(message, null, false, false);
    }
}
