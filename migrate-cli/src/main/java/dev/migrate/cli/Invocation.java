package dev.migrate.cli;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What to do: the command and the settings that shape it, checked together as the starter's exit
 * mode checks them. A setting that does not fit the command is refused, never ignored.
 */
record Invocation(
        Command command,
        @Nullable Integer limit,
        @Nullable String target,
        boolean dryRun,
        boolean json,
        @Nullable String newName) {

    static Invocation of(Settings settings) {
        List<String> positional = settings.positional();
        Command command = command(settings, positional);
        String newName = settings.text(Setting.NEW_NAME);
        int expected = 1;
        if (command == Command.NEW && !positional.isEmpty() && positional.size() > 1) {
            newName = positional.get(1);
            expected = 2;
        }
        if (positional.size() > expected) {
            throw new SettingException("unexpected argument '" + positional.get(expected) + "' after "
                    + String.join(" ", positional.subList(0, expected))
                    + (command == Command.NEW ? "" : "; settings are given as --name=value"));
        }
        Integer limit = settings.integer(Setting.LIMIT);
        String target = settings.text(Setting.TARGET);
        boolean dryRun = Boolean.TRUE.equals(settings.bool(Setting.DRY_RUN));
        boolean json = "json".equals(settings.choice(Setting.OUTPUT, List.of("text", "json")));
        String name = command.value();
        if (target != null && !command.counts()) {
            throw settings.wrong(Setting.TARGET, "does not apply to " + name + "; it fits up, down, skip and plan");
        }
        if (limit != null && !command.counts()) {
            throw settings.wrong(Setting.LIMIT, "does not apply to " + name + "; it fits up, down, skip and plan");
        }
        if (limit != null && limit < 0) {
            throw settings.wrong(Setting.LIMIT, "must be 0 (all) or more, was " + limit);
        }
        if (limit != null && target != null) {
            throw new SettingException(
                    "set " + settings.source(Setting.TARGET) + " or " + settings.source(Setting.LIMIT) + ", not both");
        }
        if (dryRun && command != Command.UP && command != Command.DOWN && command != Command.REDO) {
            throw settings.wrong(
                    Setting.DRY_RUN,
                    "does not apply to " + name + "; it fits up, down and redo (plan is up's dry run)");
        }
        if (json && !dryRun && command != Command.STATUS && command != Command.VALIDATE && command != Command.PLAN) {
            throw settings.wrong(
                    Setting.OUTPUT, "json does not apply to " + name + "; it fits status, validate, plan and dry runs");
        }
        if (newName != null && command != Command.NEW) {
            throw settings.wrong(Setting.NEW_NAME, "does not apply to " + name + "; it names the file of new");
        }
        if (command == Command.NEW && newName == null) {
            throw new SettingException(
                    "new needs the migration's name: java -jar migrate-cli.jar new add_users (or MIGRATE_NEW_NAME)");
        }
        return new Invocation(command, limit, target, dryRun, json, newName);
    }

    private static Command command(Settings settings, List<String> positional) {
        String text;
        String source;
        if (!positional.isEmpty()) {
            text = positional.get(0);
            source = "command";
        } else if (settings.isSet(Setting.COMMAND)) {
            text = settings.text(Setting.COMMAND);
            source = settings.source(Setting.COMMAND);
        } else {
            return Command.UP;
        }
        for (Command command : Command.values()) {
            if (command.value().equalsIgnoreCase(String.valueOf(text).strip())) {
                return command;
            }
        }
        throw new SettingException(source + " '" + text + "' is not one of " + Command.NAMES);
    }
}
