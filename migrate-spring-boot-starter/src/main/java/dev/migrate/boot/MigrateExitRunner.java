package dev.migrate.boot;

import java.io.PrintStream;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;

/**
 * {@code migrate.mode=exit}: migrates, closes the context and ends the process with exit code 0,
 * or 1 after printing the file, the line and the database's message to stderr. {@link
 * MigrateExitModeEnvironmentPostProcessor} has already switched the web server off, so no port
 * was opened. Made for a Helm pre-upgrade hook Job or an initContainer running the service's own
 * image.
 */
final class MigrateExitRunner implements ApplicationRunner, Ordered {

    private final MigrationExecution execution;
    private final ApplicationContext context;
    private final ProcessExit exit;
    private final PrintStream err;

    MigrateExitRunner(MigrationExecution execution, ApplicationContext context, ProcessExit exit, PrintStream err) {
        this.execution = execution;
        this.context = context;
        this.exit = exit;
        this.err = err;
    }

    @Override
    public void run(ApplicationArguments args) {
        int code;
        try {
            execution.migrate();
            code = 0;
        } catch (RuntimeException e) {
            err.println(e instanceof MigrateStartupException ? e.getMessage() : "migrate: " + Failures.describe(e));
            code = 1;
        }
        int exitCode = code;
        exit.exit(SpringApplication.exit(context, () -> exitCode));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
