package dev.migrate.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.LifecycleProcessor;
import org.springframework.util.ClassUtils;

/** Shared set-up for the starter's context tests. */
final class TestSupport {

    private TestSupport() {}

    /** DataSource, JdbcTemplate and migrate auto-configuration, on a fresh in-memory H2. */
    static ApplicationContextRunner h2Runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        dataSourceAutoConfiguration(), jdbcTemplateAutoConfiguration(), MigrateAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + h2Url());
    }

    /**
     * Spring Boot's DataSource auto-configuration, wherever this Boot line keeps it ({@link BootLine}):
     * the tests that use it run in the Boot 3 starter too.
     */
    static Class<?> dataSourceAutoConfiguration() {
        return ClassUtils.resolveClassName(BootLine.DATA_SOURCE_AUTO_CONFIGURATION, null);
    }

    /** Spring Boot's JdbcTemplate auto-configuration, wherever this Boot line keeps it. */
    static Class<?> jdbcTemplateAutoConfiguration() {
        return ClassUtils.resolveClassName(BootLine.JDBC_TEMPLATE_AUTO_CONFIGURATION, null);
    }

    static String h2Url() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /**
     * The same runner whose contexts start no lifecycle bean on refresh, so that runner mode's
     * migration (which runs as the lifecycle beans start) waits for {@link #runMigrateRunner}: for
     * tests that look at the context while or after a run fails or waits.
     */
    static ApplicationContextRunner startedByTheTest(ApplicationContextRunner runner) {
        return runner.withBean("lifecycleProcessor", LifecycleProcessor.class, NoStartOnRefresh::new);
    }

    /** Starts nothing on refresh and stops nothing on close. */
    private static final class NoStartOnRefresh implements LifecycleProcessor {
        @Override
        public void onRefresh() {}

        @Override
        public void onClose() {}

        @Override
        public void start() {}

        @Override
        public void stop() {}

        @Override
        public boolean isRunning() {
            return false;
        }
    }

    /**
     * Starts runner mode's migration as the context's start does: in a context {@link
     * #startedByTheTest}, the first run; else a second one, which finds nothing to do.
     */
    static void runMigrateRunner(ApplicationContext context) {
        context.getBean(MigrateLifecycle.class).start();
    }

    /** Writes a migration file into a folder. */
    static Path migration(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final String BROKEN = """
            -- +migrate Up
            create table ok_table (id int);

            select * from no_such_table;

            -- +migrate Down
            drop table ok_table;
            """;
}
