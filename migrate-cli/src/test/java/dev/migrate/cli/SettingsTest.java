package dev.migrate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The environment variables and arguments the command line reads, and how a wrong one is named. */
class SettingsTest {

    @Test
    void everySettingHasTheVariableSpringBootReadsForItsProperty() {
        assertThat(Setting.LOCK_TIMEOUT.variable()).isEqualTo("MIGRATE_LOCK_TIMEOUT");
        assertThat(Setting.DDL_LOCK_TIMEOUT.variable()).isEqualTo("MIGRATE_DDL_LOCK_TIMEOUT");
        assertThat(Setting.LOCK_CONNECTION_CHECK_INTERVAL.variable())
                .isEqualTo("MIGRATE_LOCK_CONNECTION_CHECK_INTERVAL");
        assertThat(Setting.IGNORE_UNKNOWN.variable()).isEqualTo("MIGRATE_IGNORE_UNKNOWN");
        assertThat(Setting.byVariable("MIGRATE_LOCATIONS")).isEqualTo(Setting.LOCATIONS);
        assertThat(Setting.byProperty("migrate.lock.lease-time")).isEqualTo(Setting.LOCK_LEASE_TIME);
        assertThat(Setting.byProperty("lock.lease-time")).isEqualTo(Setting.LOCK_LEASE_TIME);
    }

    @Test
    void argumentsWinOverTheEnvironment() {
        Settings settings = Settings.read(
                List.of("up", "--limit", "2", "--table=history"), Map.of("MIGRATE_LIMIT", "5", "MIGRATE_SCHEMA", "s"));
        assertThat(settings.integer(Setting.LIMIT)).isEqualTo(2);
        assertThat(settings.source(Setting.LIMIT)).isEqualTo("--limit");
        assertThat(settings.text(Setting.TABLE)).isEqualTo("history");
        assertThat(settings.text(Setting.SCHEMA)).isEqualTo("s");
        assertThat(settings.positional()).containsExactly("up");
    }

    @Test
    void theConnectionFallsBackToSpringsDataSourceVariables() {
        Settings spring = Settings.read(
                List.of(),
                Map.of(
                        "SPRING_DATASOURCE_URL", "jdbc:postgresql://db/app",
                        "SPRING_DATASOURCE_USERNAME", "app",
                        "SPRING_DATASOURCE_PASSWORD", "secret"));
        assertThat(spring.text(Setting.URL)).isEqualTo("jdbc:postgresql://db/app");
        assertThat(spring.text(Setting.USER)).isEqualTo("app");
        assertThat(spring.text(Setting.PASSWORD)).isEqualTo("secret");

        Settings own = Settings.read(
                List.of(),
                Map.of(
                        "SPRING_DATASOURCE_URL", "jdbc:postgresql://db/app",
                        "SPRING_DATASOURCE_PASSWORD", "secret",
                        "MIGRATE_URL", "jdbc:postgresql://db/other",
                        "MIGRATE_USER", "owner"));
        assertThat(own.text(Setting.URL)).isEqualTo("jdbc:postgresql://db/other");
        assertThat(own.text(Setting.USER)).isEqualTo("owner");
        // the application's password is not the schema owner's
        assertThat(own.text(Setting.PASSWORD)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"30, PT30S", "30s, PT30S", "500ms, PT0.5S", "10m, PT10M", "2h, PT2H", "PT1M30S, PT1M30S"})
    void durationsAreReadAsSpringBootReadsThem(String text, String expected) {
        Settings settings = Settings.read(List.of(), Map.of("MIGRATE_LOCK_TIMEOUT", text));
        assertThat(settings.duration(Setting.LOCK_TIMEOUT)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void aWrongValueIsNamedByItsVariable() {
        Settings settings = Settings.read(List.of(), Map.of("MIGRATE_LOCK_TIMEOUT", "ten minutes"));
        assertThatThrownBy(() -> settings.duration(Setting.LOCK_TIMEOUT))
                .hasMessageStartingWith("MIGRATE_LOCK_TIMEOUT='ten minutes' is not a duration");
    }

    @Test
    void aWrongPasswordIsNamedButNotShown() {
        Settings settings = Settings.read(List.of(), Map.of("MIGRATE_PASSWORD", "hunter2"));
        assertThatThrownBy(() -> settings.integer(Setting.PASSWORD))
                .hasMessageStartingWith("MIGRATE_PASSWORD ")
                .message()
                .doesNotContain("hunter2");
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertThatThrownBy(() -> Settings.read(List.of("up", "--limt=1"), Map.of()))
                .isInstanceOf(SettingException.class)
                .hasMessageContaining("unknown argument --limt=1");
    }

    @Test
    void aSettingWithoutItsValueIsRefused() {
        assertThatThrownBy(() -> Settings.read(List.of("up", "--limit"), Map.of()))
                .hasMessage("--limit needs a value, e.g. --limit=1");
    }

    @Test
    void severalMigratorsAreRefusedNamingTheVariable() {
        assertThatThrownBy(() -> Settings.read(List.of(), Map.of("MIGRATE_MIGRATORS_ORDERS_URL", "jdbc:h2:mem:x")))
                .hasMessageStartingWith("MIGRATE_MIGRATORS_ORDERS_URL configures one of several Migrators");
    }

    @Test
    void unknownMigrateVariablesAreReportedForAWarning() {
        Settings settings = Settings.read(
                List.of(), Map.of("MIGRATE_LOCK_TIMOUT", "5s", "MIGRATE_MODE", "exit", "MIGRATE_TABLE", "t"));
        assertThat(settings.ignoredVariables()).containsExactly("MIGRATE_LOCK_TIMOUT");
    }

    @Test
    void theLaunchersVariablesAreNoTypo() {
        Settings settings = Settings.read(
                List.of(),
                Map.of("MIGRATE_CLI_JAR", "/app/migrate-cli.jar", "MIGRATE_CLI_ARCHIVE", "/app/migrate-cli.jsa"));
        assertThat(settings.ignoredVariables()).isEmpty();
    }

    @Test
    void flagsNeedNoValue() {
        Settings settings = Settings.read(List.of("down", "--dry-run", "--limit", "0"), Map.of());
        assertThat(settings.bool(Setting.DRY_RUN)).isTrue();
        assertThat(settings.integer(Setting.LIMIT)).isZero();
    }
}
