package dev.migrate.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Migrator;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotContribution;
import org.springframework.beans.factory.aot.BeanFactoryInitializationAotProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.javapoet.ClassName;

/** What Spring AOT and a native image need from the starter, and what stays switchable after it. */
class MigrateAotTests {

    @Test
    void theDefaultLocationsFilesAndFolderAreResourceHints() {
        RuntimeHints hints = new RuntimeHints();
        RuntimeHintsRegistrar registrar = AotServices.factories().load(RuntimeHintsRegistrar.class).stream()
                .filter(MigrateLocationHints.class::isInstance)
                .findFirst()
                .orElse(null);
        assertThat(registrar).as("registered in META-INF/spring/aot.factories").isNotNull();

        registrar.registerHints(hints, getClass().getClassLoader());

        assertThat(resource(hints, "db/migrations/20240101000000-create_notes.sql"))
                .isTrue();
        assertThat(resource(hints, "db/migrations")).isTrue();
        assertThat(resource(hints, "db/migrations/sub/1_not_listed.sql")).isFalse();
    }

    @Test
    void theLocationsConfiguredAtBuildTimeAreResourceHints() {
        // the locations are not there: the context must not start the runner's migration
        TestSupport.startedByTheTest(TestSupport.h2Runner())
                .withPropertyValues(
                        "migrate.locations=classpath:/db/migrations/,other/place,filesystem:/srv/migrations",
                        "migrate.migrators.orders.url=" + TestSupport.h2Url(),
                        "migrate.migrators.orders.locations=classpath:db/orders")
                .run(context -> {
                    BeanFactoryInitializationAotProcessor processor =
                            AotServices.factories().load(BeanFactoryInitializationAotProcessor.class).stream()
                                    .filter(MigrateAotProcessor.class::isInstance)
                                    .findFirst()
                                    .orElse(null);
                    assertThat(processor)
                            .as("registered in META-INF/spring/aot.factories")
                            .isNotNull();
                    BeanFactoryInitializationAotContribution contribution =
                            processor.processAheadOfTime(((ConfigurableApplicationContext) context).getBeanFactory());
                    assertThat(contribution).isNotNull();
                    DefaultGenerationContext generation = new DefaultGenerationContext(
                            new ClassNameGenerator(ClassName.get("dev.migrate.boot", "AotTest")),
                            new InMemoryGeneratedFiles());

                    contribution.applyTo(generation, null);

                    RuntimeHints hints = generation.getRuntimeHints();
                    assertThat(resource(hints, "db/migrations/1_a.sql")).isTrue();
                    assertThat(resource(hints, "other/place/2_b.sql")).isTrue();
                    assertThat(resource(hints, "other/place")).isTrue();
                    assertThat(resource(hints, "srv/migrations/3_c.sql")).isFalse();
                    assertThat(resource(hints, "db/orders/1_orders.sql")).isTrue();
                });
    }

    @Test
    void migrateEnabledFalseAtRunTimeStopsAMigrationWhoseBeansABuildFixed() {
        TestSupport.h2Runner().run(context -> {
            AtomicBoolean strategyCalled = new AtomicBoolean();
            MigrateExecution execution = new MigrateExecution(
                    "migrator",
                    context.getBean(Migrator.class),
                    migrator -> {
                        strategyCalled.set(true);
                        return migrator.up();
                    },
                    context.getBeanProvider(MigrateRunListener.class),
                    () -> false);

            assertThat(execution.migrate().count()).isZero();
            assertThat(strategyCalled).isFalse();
            assertThat(execution.state()).isEqualTo(MigrateExecution.State.NOT_STARTED);
        });
    }

    private static boolean resource(RuntimeHints hints, String path) {
        return RuntimeHintsPredicates.resource().forResource(path).test(hints);
    }
}
