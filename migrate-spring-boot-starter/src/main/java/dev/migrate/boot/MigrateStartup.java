package dev.migrate.boot;

import dev.migrate.boot.MigrateProperties.Mode;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitializationDetector;
import org.springframework.core.env.Environment;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * When the start-up migration runs, decided once per context and logged at INFO with the reason:
 * while the context creates its beans ({@link MigrateInitializer}, before every bean that uses the
 * database), or in runner mode right after the web server started and before the service's own
 * work ({@link MigrateLifecycle}: listener containers, schedulers, {@code @Scheduled} tasks), with
 * liveness up and readiness refused meanwhile.
 *
 * <p>{@code migrate.mode=runner} (the default) asks Spring Boot's detectors which beans depend on
 * database initialization and ignores the plain JDBC accessors among them ({@code JdbcTemplate},
 * {@code NamedParameterJdbcTemplate}, {@code JdbcClient}), which only hold a DataSource. Any other
 * (JPA's EntityManagerFactory, a {@code @DependsOnDatabaseInitialization} bean, jOOQ's {@code
 * DSLContext}) may read the schema while the context starts, so the migration must come first:
 * then the runner's promise (liveness up, readiness refused while migrating) gives way to a
 * service that starts at all. The same holds when a lifecycle bean of the application starts
 * before the web server ({@link MigrateLifecycle}).
 */
final class MigrateStartup {

    private static final Log log = LogFactory.getLog(MigrateStartup.class);

    private final MigrateExecutions executions;
    private final Mode mode;
    private final @Nullable ExitCommand exitCommand;
    private final ProcessExit exit;
    /** Runner mode only: whether {@link MigrateLifecycle} migrates after the web server started. */
    private volatile boolean afterWebServerStart;

    MigrateStartup(MigrateExecutions executions, Mode mode, @Nullable ExitCommand exitCommand, ProcessExit exit) {
        this.executions = executions;
        this.mode = mode;
        this.exitCommand = exitCommand;
        this.exit = exit;
    }

    /**
     * Decides the mode for {@code configured} in this context and logs the decision, except for
     * runner mode, whose moment {@link #beforeLifecycleStart} decides and logs once every bean
     * exists.
     */
    static Mode decide(Mode configured, ConfigurableListableBeanFactory beans, Environment environment) {
        if (configured == Mode.EXIT) {
            log.info("migrate: running migrate.command while the context starts, before the application's"
                    + " beans are created, then ending the process (migrate.mode=exit)");
            return Mode.EXIT;
        }
        if (configured == Mode.OBSERVE) {
            log.info("migrate: not migrating and taking no lock (migrate.mode=observe): a migration Job or"
                    + " initContainer migrates; the endpoint, health and meters report what it did");
            return Mode.OBSERVE;
        }
        if (configured == Mode.INITIALIZER) {
            log.info("migrate: migrating while the context starts, before the beans that use the database and"
                    + " before the service's listeners and scheduled tasks (migrate.mode=initializer); the web"
                    + " server and its health probes start after the migration");
            return Mode.INITIALIZER;
        }
        Set<String> users = schemaUsers(beans, environment);
        if (users.isEmpty()) {
            return Mode.RUNNER;
        }
        log.info("migrate: migrating while the context starts, before " + String.join(", ", users)
                + " (they use the schema at start-up); the web server and its health probes start after the"
                + " migration. For long migrations give Kubernetes a startupProbe, or migrate in a Job with"
                + " migrate.mode=exit");
        return Mode.INITIALIZER;
    }

    /** Beans that depend on database initialization and may read the schema at start-up. */
    static Set<String> schemaUsers(ConfigurableListableBeanFactory beans, Environment environment) {
        List<DependsOnDatabaseInitializationDetector> detectors = SpringFactoriesLoader.forDefaultResourceLocation(
                        beans.getBeanClassLoader())
                .load(
                        DependsOnDatabaseInitializationDetector.class,
                        ArgumentResolver.of(Environment.class, environment));
        Set<String> users = new TreeSet<>();
        for (DependsOnDatabaseInitializationDetector detector : detectors) {
            Collection<String> detected = detector.detect(beans);
            for (String name : detected) {
                if (!isJdbcAccessor(beans, name)) {
                    users.add(name);
                }
            }
        }
        return users;
    }

    private static boolean isJdbcAccessor(ConfigurableListableBeanFactory beans, String name) {
        return beans.isTypeMatch(name, JdbcOperations.class)
                || beans.isTypeMatch(name, NamedParameterJdbcOperations.class)
                || beans.isTypeMatch(name, JdbcClient.class);
    }

    Mode mode() {
        return mode;
    }

    /**
     * Called by {@link MigrateInitializer} while the context starts, before the beans that use the
     * database: migrates (initializer), runs the exit command (exit), or logs what the history
     * says (observe), so that a warning about pending migrations precedes the failure of a JPA
     * validation against the old schema. In initializer and exit mode SIGTERM meanwhile stops the
     * migration at once ({@link ShutdownStop}) and fails the start-up: in exit mode the process
     * then ends with the signal's status rather than calling {@code System.exit}, which would wait
     * for the very shutdown that waits for this start-up.
     */
    void duringContextStart() {
        if (mode == Mode.INITIALIZER) {
            migrateAllStoppable();
        } else if (mode == Mode.OBSERVE) {
            executions.all().forEach(MigrateExecution::observe);
        } else if (mode == Mode.EXIT && exitCommand != null) {
            // From inside the context's start: the beans that would use the schema (JPA validating
            // entities the command may just have taken down) are never created. Spring's shutdown
            // hook sees the starting thread in System.exit and leaves the context alone.
            runExitCommand(exitCommand, executions, exit);
        }
    }

    /**
     * Runs exit mode's command, stopped at once by SIGTERM ({@link ShutdownStop}), and ends the
     * process with its exit code through {@code exit}. After a SIGTERM it throws instead, failing
     * the start-up: {@code System.exit} would wait for the very shutdown that waits for this thread,
     * and the process ends with the signal's status.
     */
    static void runExitCommand(ExitCommand command, MigrateExecutions executions, ProcessExit exit) {
        try (ShutdownStop stop = ShutdownStop.install(executions)) {
            int code = command.run();
            stop.done();
            if (stop.fired()) {
                throw new MigrateStartupException("migrate: exit mode: stopped by a shutdown (SIGTERM) while"
                        + " running its command (exit code " + code + "); the process ends with the signal's"
                        + " status");
            }
            log.info("migrate: exit mode: ending the process with exit code " + code);
            exit.exit(code);
        }
    }

    /**
     * Runner mode, once every bean exists and before any lifecycle bean starts: migrates now when
     * {@code earlier} (lifecycle beans of the application that start before the web server, by
     * name with their phase) is not empty, else leaves the migration to {@link
     * #afterWebServerStart}. Logs the choice.
     */
    void beforeLifecycleStart(Map<String, Integer> earlier) {
        if (mode != Mode.RUNNER) {
            return;
        }
        if (!earlier.isEmpty()) {
            log.info("migrate: migrating before any lifecycle bean starts, because " + describe(earlier)
                    + " start before the web server and may use the database; the web server and its health"
                    + " probes start after the migration");
            migrateAllStoppable();
            return;
        }
        log.info("migrate: migrating right after the web server started, before the service's listeners and"
                + " scheduled tasks start (nothing reads the schema while the context starts): liveness is up"
                + " and readiness refuses traffic until the migration ended");
        afterWebServerStart = true;
    }

    private static String describe(Map<String, Integer> beans) {
        return beans.entrySet().stream()
                .map(bean -> bean.getKey() + " (phase " + bean.getValue() + ")")
                .collect(Collectors.joining(", "));
    }

    /** Whether {@link #afterWebServerStart} migrates. */
    boolean migratesAfterWebServerStart() {
        return afterWebServerStart;
    }

    /** Called by {@link MigrateLifecycle} after the web server started, before the service's work starts. */
    void afterWebServerStart() {
        if (afterWebServerStart) {
            migrateAllStoppable();
        }
    }

    /**
     * Migrates while the context starts (every mode does now), stopped at once by SIGTERM ({@link
     * ShutdownStop}): Spring's own shutdown hook waits for the start-up, and so for the migration.
     */
    private void migrateAllStoppable() {
        try (ShutdownStop stop = ShutdownStop.install(executions)) {
            executions.migrateAll();
        }
    }
}
