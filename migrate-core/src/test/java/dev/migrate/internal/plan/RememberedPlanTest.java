package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationPlanException;
import dev.migrate.internal.history.AppliedRow;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import dev.migrate.internal.plan.MigrationCatalogTest.CountingResource;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The catalog and the planner hand out their last answer again when asked about the very same
 * inputs, and only then: anything that could change the answer makes them work it out afresh.
 */
class RememberedPlanTest {

    private final MigrationCatalog catalog = new MigrationCatalog();
    private final RememberedPlan remembered = new RememberedPlan();

    private static CountingResource file(String id, String version) {
        return new CountingResource(id, "-- +migrate Up\nselect 1;\n", version);
    }

    @Test
    void anUnchangedListingGivesTheSameCatalogAndAChangedOneANewOne() {
        CountingResource one = file("1_a.sql", "v1");
        CountingResource two = file("2_b.sql", "v1");

        List<Migration> first = catalog.load(() -> List.of(two, one));
        assertThat(catalog.load(() -> List.of(two, one))).isSameAs(first);
        assertThatThrownBy(() -> first.add(first.get(0))).isInstanceOf(UnsupportedOperationException.class);

        two.version = "v2";
        List<Migration> changed = catalog.load(() -> List.of(two, one));
        assertThat(changed).isNotSameAs(first).extracting(Migration::id).containsExactly("1_a.sql", "2_b.sql");

        assertThat(catalog.load(() -> List.of(one))).extracting(Migration::id).containsExactly("1_a.sql");
    }

    @Test
    void theSameInputsGiveTheSamePlanButOtherSettingsAreCheckedAfresh() {
        List<Migration> migrations = catalog.load(() -> List.of(file("1_a.sql", "v1"), file("2_b.sql", "v1")));
        HistorySnapshot history = new HistorySnapshot(
                true, List.of(new AppliedRow("0_gone.sql", Instant.EPOCH), new AppliedRow("1_a.sql", null)), Map.of());

        Plan plan = new Planner(true, true, false, remembered).up(migrations, history, 0, null);
        assertThat(plan.steps()).extracting(Migration::id).containsExactly("2_b.sql");
        assertThat(new Planner(true, true, false, remembered).up(migrations, history, 0, null))
                .isSameAs(plan);

        assertThat(new Planner(true, true, false, remembered)
                        .up(migrations, history, 0, "1_a.sql")
                        .isEmpty())
                .as("another target")
                .isTrue();
        assertThatThrownBy(() -> new Planner(false, true, false, remembered).up(migrations, history, 0, null))
                .as("without ignore-unknown the same inputs are an error")
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("0_gone.sql");
    }

    @Test
    void anotherLimitIsPlannedAfresh() {
        List<Migration> migrations =
                catalog.load(() -> List.of(file("1_a.sql", "v1"), file("2_b.sql", "v1"), file("3_c.sql", "v1")));
        HistorySnapshot history = new HistorySnapshot(true, List.of(), Map.of());
        Planner planner = new Planner(false, true, false, remembered);

        assertThat(planner.up(migrations, history, 0, null).steps()).hasSize(3);
        assertThat(planner.up(migrations, history, 1, null).steps())
                .extracting(Migration::id)
                .containsExactly("1_a.sql");
        assertThat(planner.up(migrations, history, 2, null).steps())
                .extracting(Migration::id)
                .containsExactly("1_a.sql", "2_b.sql");
    }

    @Test
    void aPlanThatWarnedIsNotRememberedSoTheWarningComesEveryTime() {
        List<Migration> migrations = catalog.load(() -> List.of(file("1_a.sql", "v1")));
        HistorySnapshot edited = new HistorySnapshot(
                true,
                List.of(new AppliedRow("1_a.sql", null)),
                Map.of("1_a.sql", new MigrationDetails("1_a.sql", "other", null, null, "applied", null, null, null)));

        Plan first = new Planner(false, false, false, remembered).up(migrations, edited, 0, null);
        assertThat(new Planner(false, false, false, remembered).up(migrations, edited, 0, null))
                .isNotSameAs(first);
        assertThatThrownBy(() -> new Planner(false, true, false, remembered).up(migrations, edited, 0, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("edited");
    }
}
