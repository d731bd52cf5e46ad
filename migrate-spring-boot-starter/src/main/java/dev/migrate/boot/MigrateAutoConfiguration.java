package dev.migrate.boot;

import dev.migrate.MigrateCallback;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.Migrator;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Migrates the database at start-up with the {@code migrate.*} properties. On when a DataSource
 * (or {@code migrate.url}) exists and {@code migrate.enabled} is not false; {@code migrate.mode}
 * chooses when. Actuator's endpoint and health indicator and Micrometer's meters come along when
 * those jars are present.
 */
@AutoConfiguration(afterName = {BootLine.DATA_SOURCE_AUTO_CONFIGURATION, BootLine.JDBC_TEMPLATE_AUTO_CONFIGURATION})
@ConditionalOnClass(Migrator.class)
@Conditional(MigrateAutoConfiguration.MigrateDataSourceAvailable.class)
@ConditionalOnProperty(prefix = "migrate", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MigrateProperties.class)
@Import({DatabaseInitializationDependencyConfigurer.class, MigrateHealthConfiguration.class, MigratorsRegistrar.class})
public final class MigrateAutoConfiguration {

    /** Builds the Migrators: {@code migrator} below, or one per {@code migrate.migrators} entry. */
    @Bean(MigratorsRegistrar.FACTORY_BEAN)
    MigratorFactory migrateMigratorFactory(
            MigrateProperties properties,
            @MigrateDataSource ObjectProvider<DataSource> migrateDataSource,
            ObjectProvider<DataSource> dataSource,
            ListableBeanFactory beans,
            ObjectProvider<MigratorCustomizer> customizers,
            ObjectProvider<MigrateCallback> callbacks,
            ResourceLoader resourceLoader,
            DdlLockRetries ddlLockRetries) {
        return new MigratorFactory(
                properties,
                beans,
                () -> chooseDataSource(properties, migrateDataSource, dataSource, beans),
                customizers,
                callbacks,
                resourceLoader.getClassLoader(),
                ddlLockRetries);
    }

    /** The single database's Migrator, named {@code default}; not when {@code migrate.migrators} has entries. */
    @Bean
    @ConditionalOnMissingBean
    @Conditional(NoMigratorsEntries.class)
    Migrator migrator(MigratorFactory factory) {
        return factory.createDefault();
    }

    @Bean
    DdlLockRetries migrateDdlLockRetries() {
        return new DdlLockRetries();
    }

    @Bean
    MigrateExecutions migrateExecutions(
            ObjectProvider<Migrator> migrators,
            ListableBeanFactory beans,
            ObjectProvider<MigrateStrategy> strategy,
            ObjectProvider<MigrateRunListener> listeners,
            MigrateProperties properties) {
        MigrateStrategy migration = strategy.getIfAvailable(() -> startupMigration(properties));
        Map<String, Migrator> byBeanName = beans.getBeansOfType(Migrator.class);
        List<MigrateExecution> executions = new ArrayList<>();
        migrators
                .orderedStream()
                .forEach(migrator -> byBeanName.forEach((beanName, bean) -> {
                    if (bean == migrator) {
                        executions.add(new MigrateExecution(
                                shownName(beanName, migrator), migrator, migration, listeners, properties::isEnabled));
                    }
                }));
        return new MigrateExecutions(executions);
    }

    @Bean
    MigrateStartup migrateStartup(
            MigrateExecutions executions,
            MigrateProperties properties,
            ConfigurableListableBeanFactory beans,
            Environment environment,
            ObjectProvider<ProcessExit> exit,
            ObjectProvider<MigrateStrategy> strategy,
            @MigrateDataSource ObjectProvider<DataSource> migrateDataSource) {
        StartupSettings.check(
                properties, strategy.getIfAvailable() != null, migrateDataSource.getIfAvailable() != null);
        MigrateProperties.Mode mode = MigrateStartup.decide(properties.getMode(), beans, environment);
        @Nullable
        ExitCommand command = mode == MigrateProperties.Mode.EXIT
                ? new ExitCommand(properties, executions, StandardOutput.out(), System.err)
                : null;
        return new MigrateStartup(executions, mode, command, exit.getIfAvailable(() -> System::exit));
    }

    /** The start-up migration without a {@link MigrateStrategy} bean: up, or up to {@code migrate.target}. */
    static MigrateStrategy startupMigration(MigrateProperties properties) {
        @Nullable String target = properties.getTarget();
        return target == null ? Migrator::up : migrator -> migrator.upTo(target);
    }

    /**
     * {@link MigrateInitializer} stays eager under {@code spring.main.lazy-initialization=true}: it
     * runs exit mode's command and the initializer-mode migration, which would otherwise never run.
     */
    @Bean
    static LazyInitializationExcludeFilter migrateInitializerNotLazy() {
        return LazyInitializationExcludeFilter.forBeanTypes(MigrateInitializer.class);
    }

    /** Exit mode: the command runs before the context creates the application's beans. */
    @Bean
    static ExitCommandFirst migrateExitCommandFirst() {
        return new ExitCommandFirst();
    }

    /** In every mode: the bean Spring Boot makes every database-using bean wait for. */
    @Bean
    MigrateInitializer migrateInitializer(MigrateStartup startup) {
        return new MigrateInitializer(startup);
    }

    /**
     * In every mode; migrates only when {@link MigrateStartup} decided for the runner: after the
     * web server started, before the service's listeners and scheduled tasks.
     */
    @Bean
    MigrateLifecycle migrateLifecycle(
            MigrateStartup startup, ConfigurableListableBeanFactory beans, ApplicationEventPublisher events) {
        return new MigrateLifecycle(startup, beans, events);
    }

    /** Hibernate's default ddl-auto is none, not create-drop, for an embedded database migrate manages. */
    @Bean
    @ConditionalOnMissingBean(MigrateSchemaManagementProvider.class)
    MigrateSchemaManagementProvider migrateSchemaManagementProvider(ObjectProvider<Migrator> migrators) {
        return new MigrateSchemaManagementProvider(migrators);
    }

    /**
     * How the endpoint, the health and exit mode name a Migrator: by the name its builder was given
     * ({@code migrate.migrators.NAME}, or {@link Migrator.Builder#name(String)}), else, for one
     * named {@code default}, by its bean name ({@code migrator} for the single auto-configured one).
     */
    static String shownName(String beanName, Migrator migrator) {
        return migrator.name().equals(Migrator.DEFAULT_NAME) ? beanName : migrator.name();
    }

    /**
     * The {@link MigrateDataSource} bean if there is one; else a connection of its own when {@code
     * migrate.url} or {@code migrate.user} is set (missing parts from {@code spring.datasource.*});
     * else the application's DataSource.
     */
    static DataSource chooseDataSource(
            MigrateProperties properties,
            ObjectProvider<DataSource> migrateDataSource,
            ObjectProvider<DataSource> dataSource,
            ListableBeanFactory beans) {
        checkUrl(properties);
        DataSource qualified = migrateDataSource.getIfAvailable();
        if (qualified != null) {
            return qualified;
        }
        if (properties.getUrl() == null && properties.getUser() == null) {
            return dataSource.getObject();
        }
        BootLine.JdbcConnection details = BootLine.jdbcConnection(beans);
        String url = properties.getUrl() != null ? properties.getUrl() : details != null ? details.url() : null;
        if (url == null) {
            throw new IllegalStateException(
                    "migrate.user is set but there is no URL to use it with: set migrate.url or spring.datasource.url");
        }
        @Nullable String user = properties.getUser();
        @Nullable String password = properties.getPassword();
        if (user == null && details != null) {
            user = details.username();
            if (password == null) {
                password = details.password();
            }
        }
        return DataSourceBuilder.create(MigrateAutoConfiguration.class.getClassLoader())
                .type(SimpleDriverDataSource.class)
                .url(url)
                .username(user)
                .password(password)
                .build();
    }

    /** Refuses a {@code migrate.url} that is no JDBC URL. */
    static void checkUrl(MigrateProperties properties) {
        if (properties.getUrl() != null && !properties.getUrl().startsWith("jdbc:")) {
            // only the scheme: the rest of a URL may hold a user and password
            throw new MigrationConfigurationException(
                    "dataSource",
                    "invalid migrate.url: a JDBC URL starts with jdbc:, this one with '" + scheme(properties.getUrl())
                            + "' (e.g. write jdbc:postgresql://host/db, user and password in migrate.user and"
                            + " migrate.password)");
        }
    }

    /** The scheme of a URL ({@code postgres:}), or its first few characters when it has none. */
    private static String scheme(String url) {
        int colon = url.indexOf(':');
        return colon >= 0 && colon <= 20
                ? url.substring(0, colon + 1)
                : url.substring(0, Math.min(4, url.length())) + "…";
    }

    /** A DataSource bean, or {@code migrate.url} for a connection of migrate's own. */
    static final class MigrateDataSourceAvailable extends AnyNestedCondition {

        MigrateDataSourceAvailable() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(DataSource.class)
        static final class DataSourceBean {}

        @ConditionalOnProperty(prefix = "migrate", name = "url")
        static final class MigrateUrl {}

        @Conditional(MigratorsEntries.class)
        static final class MigratorsEntry {}
    }

    /** At least one {@code migrate.migrators} entry. */
    static final class MigratorsEntries extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Set<String> names = MigratorsRegistrar.names(context.getEnvironment());
            return names.isEmpty()
                    ? ConditionOutcome.noMatch("no migrate.migrators entries")
                    : ConditionOutcome.match("migrate.migrators entries " + names);
        }
    }

    /** No {@code migrate.migrators} entry: the single database of {@code migrate.*}. */
    static final class NoMigratorsEntries extends SpringBootCondition {

        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Set<String> names = MigratorsRegistrar.names(context.getEnvironment());
            return names.isEmpty()
                    ? ConditionOutcome.match("no migrate.migrators entries")
                    : ConditionOutcome.noMatch("migrate.migrators entries " + names);
        }
    }

    /** The {@code migrate} endpoint, when Actuator is present and the endpoint is exposed. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(
            name = {
                "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
                "org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint"
            })
    static final class EndpointConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint
        MigrateEndpoint migrateEndpoint(MigrateExecutions executions, DdlLockRetries ddlLockRetries) {
            return new MigrateEndpoint(executions, ddlLockRetries);
        }
    }

    /** Micrometer meters, when Micrometer is present. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static final class MetricsConfiguration {

        @Bean
        MigrateMetrics migrateMetrics(
                MigrateExecutions executions,
                DdlLockRetries ddlLockRetries,
                ObjectProvider<MeterRegistry> registries,
                MigrateProperties properties) {
            return new MigrateMetrics(
                    executions, ddlLockRetries, registries, properties.getMode() == MigrateProperties.Mode.EXIT);
        }
    }
}
