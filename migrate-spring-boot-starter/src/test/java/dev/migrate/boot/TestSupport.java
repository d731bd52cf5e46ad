package dev.migrate.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/** Shared set-up for the starter's context tests. */
final class TestSupport {

    private TestSupport() {}

    /** DataSource, JdbcTemplate and migrate auto-configuration, on a fresh in-memory H2. */
    static ApplicationContextRunner h2Runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        DataSourceAutoConfiguration.class,
                        JdbcTemplateAutoConfiguration.class,
                        MigrateAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + h2Url());
    }

    static String h2Url() {
        return "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    /** What ApplicationContextRunner does not do: call the runner, as SpringApplication would. */
    static void runMigrateRunner(ApplicationContext context) {
        context.getBean(MigrateApplicationRunner.class).run(new DefaultApplicationArguments());
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
