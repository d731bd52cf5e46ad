package dev.migrate.cli;

import dev.migrate.Migrator;
import dev.migrate.report.FailureText;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * {@code java -jar migrate-cli.jar [COMMAND] [--setting=value ...]}: one command of the starter's
 * exit mode, with the settings of the arguments and of the environment, then the exit code:
 * {@link #OK}, {@link #FAILED} (the command failed, or a setting is wrong or does not fit it; the
 * reason is on stderr) or {@link #INVALID} ({@code validate} found a problem). See docs/cli.md.
 *
 * <p>SIGTERM stops a run in progress (the statement is cancelled on the server, the lock
 * released) before the process ends, with a non-zero status.
 */
public final class MigrateCli {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;

    /** How long a stop (SIGTERM) waits for the run to end: a cancelled statement ends within milliseconds. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final PrintStream out;
    private final PrintStream err;
    private volatile @Nullable Migrator running;
    /** Counted down once the command has ended and said how: the stop waits for that before the JVM halts. */
    private final CountDownLatch reported = new CountDownLatch(1);

    MigrateCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        MigrateCli cli = new MigrateCli(System.out, System.err);
        Runtime.getRuntime().addShutdownHook(new Thread(cli::stop, "migrate-stop"));
        int code;
        try {
            code = cli.run(Arrays.asList(args), System.getenv());
            System.out.flush();
            System.err.flush();
        } finally {
            cli.reported.countDown();
        }
        System.exit(code);
    }

    /** Runs the command of these arguments in this environment; returns the exit code. */
    int run(List<String> args, Map<String, String> environment) {
        if (args.contains("--help")
                || args.contains("-h")
                || (!args.isEmpty() && args.get(0).equals("help"))) {
            out.print(Usage.TEXT);
            return OK;
        }
        if (args.contains("--version")) {
            Package own = MigrateCli.class.getPackage();
            String version = own == null ? null : own.getImplementationVersion();
            out.println("migrate-cli " + (version == null ? "(unknown version)" : version));
            return OK;
        }
        try {
            Settings settings = Settings.read(args, environment);
            for (String ignored : settings.ignoredVariables()) {
                err.println("migrate: warning: " + ignored + " is no setting of migrate-cli and is ignored"
                        + " (a typo? java -jar migrate-cli.jar --help lists them)");
            }
            Invocation invocation = Invocation.of(settings);
            if (Boolean.FALSE.equals(settings.bool(Setting.ENABLED))) {
                err.println("migrate: " + settings.source(Setting.ENABLED) + "=false, not migrating");
                return OK;
            }
            MigratorSetup setup = new MigratorSetup(settings);
            CommandRun command = new CommandRun(invocation, out, err);
            if (invocation.command() == Command.NEW) {
                return command.newMigration(setup.locations(), Clock.systemUTC());
            }
            Migrator migrator = setup.build();
            running = migrator;
            try {
                return command.run(migrator);
            } finally {
                running = null;
            }
        } catch (SettingException e) {
            err.println("migrate: " + e.getMessage());
            return FAILED;
        } catch (RuntimeException e) {
            err.println("migrate: " + FailureText.of(e));
            return FAILED;
        }
    }

    /**
     * Stops the run in progress, if any (SIGTERM), and waits for it to end and for the command to
     * report how it ended: the JVM halts when this returns.
     */
    void stop() {
        Migrator migrator = running;
        if (migrator == null) {
            return;
        }
        if (!migrator.stop(STOP_WAIT)) {
            err.println("migrate: the run did not end within " + STOP_WAIT.toSeconds() + " s of the stop");
            return;
        }
        try {
            reported.await(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
