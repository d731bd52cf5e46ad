package dev.migrate.boot;

import static dev.migrate.boot.TestSupport.h2Runner;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrationInfo;
import dev.migrate.Migrator;
import dev.migrate.boot.MigrateProperties.Command;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/**
 * Every {@code migrate.*} setting does what it says in every mode, or start-up fails naming it:
 * {@code migrate.target} in each mode that migrates, {@code migrate.command} outside exit mode, and
 * the settings a strategy or a {@code @MigrateDataSource} bean would make moot.
 */
class StartupSettingsTests {

    private static final String FIRST = "1_create_things.sql";

    @ParameterizedTest
    @ValueSource(strings = {"runner", "initializer"})
    void targetStopsTheStartUpMigrationInEveryModeThatMigrates(String mode) {
        h2Runner()
                .withPropertyValues("migrate.mode=" + mode, "migrate.target=" + FIRST)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(pending(context)).containsExactly("2_seed_things.sql");
                });
    }

    @Test
    void targetStopsExitModesUpToo() {
        List<Integer> codes = new ArrayList<>();
        h2Runner()
                .withPropertyValues("migrate.mode=exit", "migrate.target=" + FIRST)
                .withBean(ProcessExit.class, () -> codes::add)
                .run(context -> {
                    assertThat(codes).containsExactly(ExitCommand.OK);
                    assertThat(pending(context)).containsExactly("2_seed_things.sql");
                });
    }

    @ParameterizedTest
    @EnumSource(value = Command.class, mode = EnumSource.Mode.EXCLUDE, names = "UP")
    void aCommandOtherThanUpOutsideExitModeFailsStartUpNamingPropertyAndMode(Command command) {
        for (String mode : List.of("runner", "initializer")) {
            String name = command.name().toLowerCase(Locale.ROOT);
            h2Runner()
                    .withPropertyValues("migrate.mode=" + mode, "migrate.command=" + name)
                    .run(context -> {
                        assertThat(context).hasFailed();
                        assertThat(MigrateAutoConfigurationTests.messages(context.getStartupFailure()))
                                .contains("migrate.command=" + name + " runs only with migrate.mode=exit")
                                .contains("with migrate.mode=" + mode + " the service always migrates up");
                    });
        }
        // nothing ran: the refusal comes before any migration
        String url = TestSupport.h2Url();
        h2Runner()
                .withPropertyValues("spring.datasource.url=" + url, "migrate.command=" + command.name())
                .run(context -> assertThat(context).hasFailed());
        h2Runner()
                .withPropertyValues("spring.datasource.url=" + url, "migrate.enabled=false")
                .run(context -> {
                    assertThat(MigrateAutoConfigurationTests.tables(context.getBean(DataSource.class)))
                            .doesNotContain("THINGS", "gorp_migrations");
                });
    }

    @Test
    void upOutsideExitModeIsWhatTheModeDoes() {
        h2Runner().withPropertyValues("migrate.command=up").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(pending(context)).isEmpty();
        });
    }

    @Test
    void aTargetAStrategyWouldNotSeeFailsStartUpNamingIt() {
        h2Runner()
                .withPropertyValues("migrate.target=" + FIRST)
                .withBean(MigrateStrategy.class, () -> Migrator::up)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(MigrateAutoConfigurationTests.messages(context.getStartupFailure()))
                            .contains("migrate.target=" + FIRST + " is set, but a MigrateStrategy bean replaces");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"migrate.url", "migrate.user"})
    void anOwnConnectionBesideAMigrateDataSourceBeanFailsStartUpNamingIt(String property) {
        h2Runner()
                .withUserConfiguration(MigrateAutoConfigurationTests.TwoDataSources.class)
                .withPropertyValues(property + "=" + (property.endsWith("url") ? TestSupport.h2Url() : "owner"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(MigrateAutoConfigurationTests.messages(context.getStartupFailure()))
                            .contains(property + " is set, but a @MigrateDataSource bean");
                });
    }

    @Test
    void aPasswordWithoutAUserOrUrlFailsStartUpNamingIt() {
        h2Runner().withPropertyValues("migrate.password=secret-pw").run(context -> {
            assertThat(context).hasFailed();
            assertThat(MigrateAutoConfigurationTests.messages(context.getStartupFailure()))
                    .contains("migrate.password is set without migrate.user or migrate.url")
                    .doesNotContain("secret-pw");
        });
    }

    private static List<String> pending(AssertableApplicationContext context) {
        return context.getBean(Migrator.class).status().pending().stream()
                .map(MigrationInfo::id)
                .toList();
    }
}
