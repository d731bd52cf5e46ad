package dev.migrate.boot;

import dev.migrate.Migrator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.ImportBeanDefinitionRegistrar;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotationMetadata;

/**
 * Registers one {@link Migrator} bean per {@code migrate.migrators.NAME} entry, named {@code
 * NAMEMigrator} and built by {@link MigratorFactory#create(String)}, so that each is migrated at
 * start-up, shown by the endpoint and health under NAME, and can be injected by bean name.
 */
final class MigratorsRegistrar implements ImportBeanDefinitionRegistrar, EnvironmentAware {

    static final String FACTORY_BEAN = "migrateMigratorFactory";

    private @Nullable Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void registerBeanDefinitions(AnnotationMetadata metadata, BeanDefinitionRegistry registry) {
        for (String name : names(Objects.requireNonNull(environment, "environment"))) {
            RootBeanDefinition definition = new RootBeanDefinition(Migrator.class);
            definition.setFactoryBeanName(FACTORY_BEAN);
            definition.setFactoryMethodName("create");
            definition.getConstructorArgumentValues().addIndexedArgumentValue(0, name);
            registry.registerBeanDefinition(beanName(name), definition);
        }
    }

    static String beanName(String name) {
        return name + "Migrator";
    }

    /** The names of the {@code migrate.migrators} entries, in the order they are configured. */
    static Set<String> names(Environment environment) {
        return Binder.get(environment)
                .bind("migrate.migrators", Bindable.mapOf(String.class, MigrateProperties.Database.class))
                .map(Map::keySet)
                .orElse(Set.of());
    }
}
