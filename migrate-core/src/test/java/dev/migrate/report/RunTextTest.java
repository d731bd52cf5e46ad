package dev.migrate.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Direction;
import dev.migrate.ExecutedMigration;
import dev.migrate.MigrateResult;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunTextTest {

    @Test
    void upToDate() {
        assertThat(RunText.of(new MigrateResult(List.of(), false, Duration.ZERO, Duration.ofMillis(27))))
                .isEqualTo("migrate: schema is up to date, nothing to migrate (checked in 27 ms)");
    }

    @Test
    void anotherProcessAppliedThemWhileThisOneWaited() {
        assertThat(RunText.of(new MigrateResult(List.of(), true, Duration.ofMillis(2_450), Duration.ofSeconds(3))))
                .isEqualTo("migrate: nothing left to do after waiting 2.5 s for the lock (another process applied"
                        + " the migrations)");
    }

    @Test
    void howManyWhichWayHowLongAndTheLastSecondsRoundedToATenth() {
        List<ExecutedMigration> executed = List.of(
                new ExecutedMigration("1_a.sql", Direction.UP, Duration.ofMillis(600), 1),
                new ExecutedMigration("2_b.sql", Direction.UP, Duration.ofMillis(699), 2));

        assertThat(RunText.of(new MigrateResult(executed, true, Duration.ZERO, Duration.ofMillis(1_299))))
                .isEqualTo("migrate: ran 2 migrations up in 1.3 s (lock wait 0 ms), last 2_b.sql");
        assertThat(RunText.of(new MigrateResult(
                        executed.subList(0, 1), true, Duration.ofMillis(5), Duration.ofMillis(12_345))))
                .isEqualTo("migrate: ran 1 migration up in 12.3 s (lock wait 5 ms), last 1_a.sql");
    }
}
