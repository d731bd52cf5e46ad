package dev.migrate.boot;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * At build time (Spring AOT), registers resource hints for the {@code migrate.locations} (and each
 * {@code migrate.migrators.NAME.locations}) the application is built with, so that a native image carries those migration files. Locations
 * given only at run time are not in the image unless they are also given at build time (or are
 * {@code filesystem:} locations).
 */
final class MigrateAotProcessor implements BeanFactoryInitializationAotProcessor {

    @Override
    public @Nullable BeanFactoryInitializationAotContribution processAheadOfTime(
            ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory.getBeanNamesForType(MigrateProperties.class, false, false).length == 0
                || !beanFactory.containsBean("environment")) {
            return null;
        }
        Environment environment = beanFactory.getBean("environment", Environment.class);
        Binder binder = Binder.get(environment);
        List<String> locations =
                new ArrayList<>(binder.bind(PropertyNames.of("locations"), Bindable.listOf(String.class))
                        .orElse(List.of(MigrateLocationHints.DEFAULT_LOCATION)));
        for (String name : MigratorsRegistrar.names(environment)) {
            binder.bind(PropertyNames.inEntry(name, "locations"), Bindable.listOf(String.class))
                    .ifBound(locations::addAll);
        }
        return (generationContext, code) -> MigrateLocationHints.register(
                generationContext.getRuntimeHints().resources(), locations);
    }
}
