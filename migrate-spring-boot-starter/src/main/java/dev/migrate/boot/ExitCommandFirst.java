package dev.migrate.boot;

import org.springframework.beans.factory.BeanFactoryInitializer;
import org.springframework.beans.factory.ListableBeanFactory;

/**
 * Exit mode in the context runs its command before the context creates the application's beans.
 * Spring calls a {@link BeanFactoryInitializer} once every bean post-processor is registered and
 * before the singletons are created: the command gets the beans it asks for, fully processed (the
 * DataSource and what it needs, {@link MigratorCustomizer} and {@code MigrateCallback} beans), and
 * no other bean (a controller, a client, a scheduler, the beans of auto-configurations that come
 * before migrate's) is created before the process ends. In the other modes it only creates {@link
 * MigrateProperties} (for the mode) and leaves the order alone: their start-up migration runs when
 * {@link MigrateInitializer} is created, in the context's order.
 */
final class ExitCommandFirst implements BeanFactoryInitializer<ListableBeanFactory> {

    @Override
    public void initialize(ListableBeanFactory beans) {
        if (beans.getBean(MigrateProperties.class).getMode() == MigrateProperties.Mode.EXIT) {
            // creating it runs the command (MigrateStartup#duringContextStart), which ends the process
            beans.getBean(MigrateInitializer.class);
        }
    }
}
