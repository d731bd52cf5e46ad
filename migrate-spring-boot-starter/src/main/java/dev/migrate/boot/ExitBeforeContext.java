package dev.migrate.boot;

import dev.migrate.MigrateCallback;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.Migrator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.util.ClassUtils;

/**
 * Exit mode before the application context exists ({@code migrate.exit-before-context=true}): the
 * Migrators the context would build from {@code migrate.*} ({@link MigratorFactory}, one per
 * {@code migrate.migrators} entry or the single {@code migrator}), on a connection of migrate's own
 * ({@code migrate.url}, else {@code spring.datasource.url}; user and password as the context
 * chooses them), run {@code migrate.command} ({@link ExitCommand}), and the process ends with its
 * exit code. Nothing of the application is created, so what only beans provide is not there: the
 * application's DataSource bean, a service connection, {@link MigratorCustomizer}, {@link
 * MigrateCallback} and {@link MigrateDataSource} beans; an entry that names a DataSource bean is
 * refused. SIGTERM stops the command as in the context ({@link ShutdownStop}).
 */
final class ExitBeforeContext {

    private static final Log log = LogFactory.getLog(ExitBeforeContext.class);

    /** The bean name of the single auto-configured Migrator, as the context shows it. */
    private static final String DEFAULT_BEAN = "migrator";

    private ExitBeforeContext() {}

    /**
     * Runs the command and ends the process through {@code exit}; returns only when {@code exit}
     * does (tests). A setting that does not fit, or a SIGTERM during the command, fails with an
     * exception, which fails the start-up as in the context.
     */
    static void run(ConfigurableEnvironment environment, ProcessExit exit) {
        Binder binder = Binder.get(environment);
        MigrateProperties properties = binder.bindOrCreate("migrate", MigrateProperties.class);
        StartupSettings.check(properties, false, false);
        log.info("migrate: running migrate.command before the application context exists, on a connection of"
                + " its own, then ending the process (migrate.mode=exit, migrate.exit-before-context=true)");
        StaticListableBeanFactory noBeans = new StaticListableBeanFactory();
        ObjectProvider<MigrateRunListener> noListeners = noBeans.getBeanProvider(MigrateRunListener.class);
        MigratorFactory factory = new MigratorFactory(
                properties,
                noBeans,
                () -> dataSource(properties, binder),
                noBeans.getBeanProvider(MigratorCustomizer.class),
                noBeans.getBeanProvider(MigrateCallback.class),
                ClassUtils.getDefaultClassLoader(),
                new DdlLockRetries());
        MigrateStrategy migration = MigrateAutoConfiguration.startupMigration(properties);
        List<MigrateExecution> executions = new ArrayList<>();
        Map<String, MigrateProperties.Database> entries = properties.getMigrators();
        if (entries.isEmpty()) {
            Migrator migrator = factory.createDefault();
            executions.add(new MigrateExecution(
                    MigrateAutoConfiguration.shownName(DEFAULT_BEAN, migrator), migrator, migration, noListeners));
        }
        entries.forEach((name, entry) -> {
            if (entry.getDataSource() != null) {
                String prefix = PropertyNames.entry(name);
                throw new MigrationConfigurationException(
                        "dataSource",
                        prefix + "data-source names a DataSource bean, and migrate.exit-before-context=true runs"
                                + " before any bean exists: set " + prefix + "url (and user, password) instead, or"
                                + " remove migrate.exit-before-context");
            }
            Migrator migrator = factory.create(name);
            executions.add(new MigrateExecution(
                    MigrateAutoConfiguration.shownName(MigratorsRegistrar.beanName(name), migrator),
                    migrator,
                    migration,
                    noListeners));
        });
        MigrateExecutions all = new MigrateExecutions(executions);
        MigrateStartup.runExitCommand(new ExitCommand(properties, all, StandardOutput.out(), System.err), all, exit);
    }

    /**
     * The connection the context would give the Migrator of {@code migrate.*}, from properties
     * alone: {@code migrate.url} and {@code migrate.user} with what they leave out taken from
     * {@code spring.datasource.*} (as {@link MigrateAutoConfiguration#chooseDataSource}), else
     * {@code spring.datasource.url}, {@code username} and {@code password}; {@code
     * spring.datasource.driver-class-name} with {@code spring.datasource.url}.
     */
    static DataSource dataSource(MigrateProperties properties, Binder binder) {
        MigrateAutoConfiguration.checkUrl(properties);
        @Nullable String springUrl = text(binder, "spring.datasource.url");
        @Nullable String springUser = text(binder, "spring.datasource.username");
        @Nullable String springPassword = text(binder, "spring.datasource.password");
        boolean own = properties.getUrl() != null || properties.getUser() != null;
        @Nullable String url = properties.getUrl() != null ? properties.getUrl() : springUrl;
        if (url == null) {
            throw new MigrationConfigurationException(
                    "dataSource",
                    "migrate.exit-before-context=true needs the database in properties: set migrate.url or"
                            + " spring.datasource.url (before the context there is no DataSource bean, no"
                            + " service connection and no embedded database), or remove"
                            + " migrate.exit-before-context");
        }
        @Nullable String user = own ? properties.getUser() : springUser;
        @Nullable String password = own ? properties.getPassword() : springPassword;
        if (own && user == null) {
            user = springUser;
            if (password == null) {
                password = springPassword;
            }
        }
        // the application's driver (a wrapper such as the AWS JDBC driver, whose URL names no known
        // database) goes with the application's URL; else the builder infers it from the URL
        @Nullable String driver = url.equals(springUrl) ? text(binder, "spring.datasource.driver-class-name") : null;
        return DataSourceBuilder.create(ExitBeforeContext.class.getClassLoader())
                .type(SimpleDriverDataSource.class)
                .driverClassName(driver)
                .url(url)
                .username(user)
                .password(password)
                .build();
    }

    private static @Nullable String text(Binder binder, String name) {
        return binder.bind(name, String.class).orElse(null);
    }
}
