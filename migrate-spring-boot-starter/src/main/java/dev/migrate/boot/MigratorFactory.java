package dev.migrate.boot;

import dev.migrate.MigrateCallback;
import dev.migrate.MigrationConfigurationException;
import dev.migrate.Migrator;
import java.util.Arrays;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanNotOfRequiredTypeException;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * Builds the auto-configured Migrators: the one named {@code default} from {@code migrate.*}, or
 * one per {@code migrate.migrators.NAME} entry, whose settings go over those of {@code
 * migrate.*}. Every Migrator gets the {@link MigrateCallback} beans and goes through the {@link
 * MigratorCustomizer} beans, which are told its name.
 */
final class MigratorFactory {

    private final MigrateProperties properties;
    private final ListableBeanFactory beans;
    private final Supplier<DataSource> defaultDataSource;
    private final ObjectProvider<MigratorCustomizer> customizers;
    private final ObjectProvider<MigrateCallback> callbacks;
    private final @Nullable ClassLoader classLoader;
    private final DdlLockRetries ddlLockRetries;

    /**
     * @param defaultDataSource the database {@code migrate.*} names (a {@link MigrateDataSource}
     *     bean, {@code migrate.url}, or the application's), asked for only when a Migrator uses it
     */
    MigratorFactory(
            MigrateProperties properties,
            ListableBeanFactory beans,
            Supplier<DataSource> defaultDataSource,
            ObjectProvider<MigratorCustomizer> customizers,
            ObjectProvider<MigrateCallback> callbacks,
            @Nullable ClassLoader classLoader,
            DdlLockRetries ddlLockRetries) {
        this.properties = properties;
        this.beans = beans;
        this.defaultDataSource = defaultDataSource;
        this.customizers = customizers;
        this.callbacks = callbacks;
        this.classLoader = classLoader;
        this.ddlLockRetries = ddlLockRetries;
    }

    /** The Migrator of {@code migrate.*} alone, named {@code default}: the single-database case. */
    Migrator createDefault() {
        DdlLockRetries.Count retries = ddlLockRetries.newCount();
        Migrator.Builder builder = common(defaultDataSource.get(), retries);
        return customized(Migrator.DEFAULT_NAME, builder, retries);
    }

    /** The Migrator of the entry {@code migrate.migrators.NAME}. */
    Migrator create(String name) {
        MigrateProperties.Database entry = properties.getMigrators().get(name);
        if (entry == null) {
            throw new MigrationConfigurationException(
                    "name",
                    "there is no entry migrate.migrators." + name + " (entries: "
                            + properties.getMigrators().keySet() + ")");
        }
        DdlLockRetries.Count retries = ddlLockRetries.newCount();
        Migrator.Builder builder = common(dataSource(name, entry), retries);
        try {
            builder.name(name);
        } catch (MigrationConfigurationException e) {
            throw new MigrationConfigurationException(
                    "name",
                    "invalid migrate.migrators." + name + ": the entry's name is the Migrator's name; "
                            + e.getMessage(),
                    e);
        }
        MigrateBuilderMapping.apply(name, entry, classLoader, builder);
        return customized(name, builder, retries);
    }

    private Migrator.Builder common(DataSource dataSource, DdlLockRetries.Count retries) {
        Migrator.Builder builder = Migrator.builder(dataSource);
        MigrateBuilderMapping.apply(properties, classLoader, builder);
        builder.callbacks(callbacks.orderedStream().toArray(MigrateCallback[]::new));
        builder.ddlLockRetryListener(retries);
        return builder;
    }

    private Migrator customized(String name, Migrator.Builder builder, DdlLockRetries.Count retries) {
        customizers.orderedStream().forEach(customizer -> customizer.customize(name, builder));
        Migrator migrator = builder.build();
        // counted under the name it was built with (a customizer may rename it): the meter's migrator tag
        ddlLockRetries.name(migrator.name(), retries);
        return migrator;
    }

    /** The entry's data-source bean, or its url; else the database of {@code migrate.*}. */
    private DataSource dataSource(String name, MigrateProperties.Database entry) {
        String prefix = PropertyNames.entry(name);
        String bean = entry.getDataSource();
        String url = entry.getUrl();
        if (bean != null && url != null) {
            throw new MigrationConfigurationException(
                    "dataSource",
                    "invalid " + prefix + "data-source: set either " + prefix + "data-source or " + prefix
                            + "url, not both");
        }
        if (bean != null) {
            try {
                return beans.getBean(bean, DataSource.class);
            } catch (BeanNotOfRequiredTypeException e) {
                throw new MigrationConfigurationException(
                        "dataSource",
                        "invalid " + prefix + "data-source: the bean '" + bean + "' is no DataSource; DataSource"
                                + " beans: " + dataSourceNames(),
                        e);
            } catch (NoSuchBeanDefinitionException e) {
                throw new MigrationConfigurationException(
                        "dataSource",
                        "invalid " + prefix + "data-source: there is no DataSource bean named '" + bean
                                + "'; DataSource beans: " + dataSourceNames(),
                        e);
            }
        }
        if (url != null) {
            if (!url.startsWith("jdbc:")) {
                throw new MigrationConfigurationException(
                        "dataSource", "invalid " + prefix + "url: a JDBC URL starts with jdbc:, was '" + url + "'");
            }
            return DataSourceBuilder.create(MigratorFactory.class.getClassLoader())
                    .type(SimpleDriverDataSource.class)
                    .url(url)
                    .username(entry.getUser())
                    .password(entry.getPassword())
                    .build();
        }
        if (entry.getUser() != null) {
            throw new MigrationConfigurationException(
                    "dataSource", "invalid " + prefix + "user: it is the user of " + prefix + "url, which is not set");
        }
        try {
            return defaultDataSource.get();
        } catch (NoSuchBeanDefinitionException e) {
            throw new MigrationConfigurationException(
                    "dataSource",
                    "migrate.migrators." + name + " names no database: set " + prefix + "data-source (a DataSource"
                            + " bean's name) or " + prefix + "url; there is no application DataSource to fall back on",
                    e);
        }
    }

    private String dataSourceNames() {
        return Arrays.toString(beans.getBeanNamesForType(DataSource.class, false, false));
    }
}
