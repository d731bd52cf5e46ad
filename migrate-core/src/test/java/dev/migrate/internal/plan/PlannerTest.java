package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.Direction;
import dev.migrate.MigrationPlanException;
import dev.migrate.internal.history.AppliedRow;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import dev.migrate.internal.parse.ParsedMigration;
import dev.migrate.internal.plan.MigrationCatalogTest.CountingResource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The planning rules of docs/format.md ("Planning"), on migrations and histories held in memory. */
class PlannerTest {

    private static final Planner STRICT = new Planner(false, true, false);

    private final List<Migration> migrations = new ArrayList<>();
    private final List<AppliedRow> applied = new ArrayList<>();
    private final Map<String, MigrationDetails> details = new HashMap<>();

    private PlannerTest files(String... ids) {
        for (String id : ids) {
            migrations.add(new Migration(
                    new CountingResource(id, "-- +migrate Up\n", null),
                    sum(id),
                    new ParsedMigration(id, false, false, 1, 1)));
        }
        return this;
    }

    private PlannerTest applied(String... ids) {
        for (String id : ids) {
            applied.add(new AppliedRow(id, Instant.EPOCH));
            details.put(
                    id, new MigrationDetails(id, sum(id), 1L, "host/1", MigrationDetails.APPLIED, null, null, null));
        }
        return this;
    }

    private PlannerTest failed(String id) {
        details.put(
                id,
                new MigrationDetails(id, sum(id), null, "host/1", MigrationDetails.FAILED, 7, "boom", Instant.EPOCH));
        return this;
    }

    private static String sum(String id) {
        return "sum-" + id;
    }

    /** The history as sql-migrate orders it; a new snapshot on each call, so no plan is remembered. */
    private HistorySnapshot history() {
        List<AppliedRow> ordered = new ArrayList<>(applied);
        ordered.sort((a, b) -> MigrationOrder.INSTANCE.compare(a.id(), b.id()));
        return new HistorySnapshot(true, ordered, details);
    }

    private List<String> up(Planner planner, int limit, @Nullable String target) {
        return ids(planner.up(List.copyOf(migrations), history(), limit, target));
    }

    private List<String> down(int count, @Nullable String target) {
        return ids(STRICT.down(List.copyOf(migrations), history(), count, target));
    }

    private static List<String> ids(Plan plan) {
        return plan.steps().stream().map(Migration::id).toList();
    }

    @Test
    void upAppliesEveryPendingFileInOrder() {
        files("1_a.sql", "2_b.sql", "10_c.sql");

        Plan plan = STRICT.up(List.copyOf(migrations), history(), 0, null);

        assertThat(plan.direction()).isEqualTo(Direction.UP);
        assertThat(ids(plan)).containsExactly("1_a.sql", "2_b.sql", "10_c.sql");
        assertThat(plan.holes()).isEmpty();
        assertThat(plan.isEmpty()).isFalse();
    }

    @Test
    void nothingPendingIsAnEmptyPlan() {
        files("1_a.sql").applied("1_a.sql");

        assertThat(STRICT.up(List.copyOf(migrations), history(), 0, null).isEmpty())
                .isTrue();
    }

    @Test
    void holesComeFirstAndTheLimitCountsOnlyNewerOnes() {
        files("1_a.sql", "2_hole.sql", "3_c.sql", "4_d.sql", "5_e.sql").applied("1_a.sql", "3_c.sql");

        Plan plan = STRICT.up(List.copyOf(migrations), history(), 1, null);

        assertThat(ids(plan)).containsExactly("2_hole.sql", "4_d.sql");
        assertThat(plan.holes()).containsExactly("2_hole.sql");
        assertThat(up(STRICT, 0, null)).containsExactly("2_hole.sql", "4_d.sql", "5_e.sql");
        assertThat(up(STRICT, 2, null)).containsExactly("2_hole.sql", "4_d.sql", "5_e.sql");
    }

    @Test
    void upToATargetIsInclusive() {
        files("1_a.sql", "2_b.sql", "3_c.sql");

        assertThat(up(STRICT, 0, "2_b.sql")).containsExactly("1_a.sql", "2_b.sql");
        assertThat(up(STRICT, 0, "1_a.sql")).containsExactly("1_a.sql");
    }

    @Test
    void aTargetThatIsNotAFileIsAnError() {
        files("1_a.sql");

        assertThatThrownBy(() -> up(STRICT, 0, "9_nope.sql"))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("target migration 9_nope.sql is not among the migrations found");
    }

    @Test
    void planErrorsSayWhatDisagreesAndForWhichMigration() {
        files("2_b.sql", "3_c.sql", "4_d.sql").applied("1_gone.sql");
        assertPlanError(() -> up(STRICT, 0, null), MigrationPlanException.Reason.UNKNOWN_APPLIED, "1_gone.sql");

        applied.clear();
        details.clear();
        applied("2_b.sql", "9_future.sql");
        assertPlanError(() -> down(1, null), MigrationPlanException.Reason.MISSING_FILE, "9_future.sql");

        applied.clear();
        details.clear();
        assertPlanError(() -> up(STRICT, 0, "9_nope.sql"), MigrationPlanException.Reason.BAD_TARGET, "9_nope.sql");
        assertPlanError(() -> down(0, "3_c.sql"), MigrationPlanException.Reason.BAD_TARGET, "3_c.sql");

        applied("2_b.sql");
        details.put(
                "2_b.sql",
                new MigrationDetails(
                        "2_b.sql", "sum-before", 1L, "host/1", MigrationDetails.APPLIED, null, null, null));
        assertPlanError(() -> up(STRICT, 0, null), MigrationPlanException.Reason.EDITED, "2_b.sql");

        applied.clear();
        details.clear();
        applied("2_b.sql").failed("3_c.sql");
        assertPlanError(() -> up(STRICT, 0, null), MigrationPlanException.Reason.FAILED, "3_c.sql");
    }

    private static void assertPlanError(ThrowingCallable plan, MigrationPlanException.Reason reason, String migration) {
        assertThatThrownBy(plan).isInstanceOfSatisfying(MigrationPlanException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.migration()).isEqualTo(migration);
        });
    }

    @Test
    void anAppliedIdWithoutItsFileIsAnErrorUnlessIgnored() {
        files("2_b.sql").applied("1_gone.sql");

        assertThatThrownBy(() -> up(STRICT, 0, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("unknown migration in database: 1_gone.sql was applied at 1970-01-01T00:00:00Z");
        applied.set(0, new AppliedRow("1_gone.sql", null)); // as a planning read leaves it
        assertThatThrownBy(() -> up(STRICT, 0, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("unknown migration in database: 1_gone.sql was applied but");
        assertThat(up(new Planner(true, true, false), 0, null)).containsExactly("2_b.sql");
    }

    @Test
    void anEditedAppliedFileIsAnErrorOrOnlyAWarning() {
        files("1_a.sql", "2_b.sql").applied("1_a.sql");
        details.put(
                "1_a.sql",
                new MigrationDetails("1_a.sql", "older", 1L, "host/1", MigrationDetails.APPLIED, null, null, null));

        assertThatThrownBy(() -> up(STRICT, 0, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("applied migration 1_a.sql was edited")
                .hasMessageContaining("older")
                .hasMessageContaining(sum("1_a.sql"));
        assertThat(up(new Planner(false, false, false), 0, null)).containsExactly("2_b.sql");
    }

    @Test
    void aFailedMigrationWaitsForARepairUnlessRetriesAreOn() {
        files("1_a.sql", "2_nt.sql").applied("1_a.sql").failed("2_nt.sql");

        assertThatThrownBy(() -> up(STRICT, 0, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("migration 2_nt.sql failed at line 7 on 1970-01-01T00:00:00Z (boom)")
                .hasMessageContaining("boom")
                .hasMessageContaining("run repair");
        assertThat(up(new Planner(false, true, true), 0, null)).containsExactly("2_nt.sql");
    }

    @Test
    void aFailedMigrationBeyondThePlanDoesNotStopIt() {
        files("1_a.sql", "2_nt.sql").failed("2_nt.sql");

        assertThat(up(STRICT, 1, null)).containsExactly("1_a.sql");
    }

    @Test
    void downUndoesTheNewestFirstAndCountsThem() {
        files("1_a.sql", "2_b.sql", "10_c.sql").applied("1_a.sql", "2_b.sql", "10_c.sql");

        Plan one = STRICT.down(List.copyOf(migrations), history(), 1, null);

        assertThat(one.direction()).isEqualTo(Direction.DOWN);
        assertThat(ids(one)).containsExactly("10_c.sql");
        assertThat(down(2, null)).containsExactly("10_c.sql", "2_b.sql");
        assertThat(down(0, null)).containsExactly("10_c.sql", "2_b.sql", "1_a.sql");
    }

    @Test
    void downToATargetUndoesOnlyWhatIsNewerAndNeverRunsAHole() {
        files("1_a.sql", "2_hole.sql", "3_c.sql", "4_d.sql").applied("1_a.sql", "3_c.sql", "4_d.sql");

        assertThat(down(0, "1_a.sql")).containsExactly("4_d.sql", "3_c.sql");
        assertThat(down(0, "4_d.sql")).isEmpty();
        assertThatThrownBy(() -> down(0, "2_hole.sql"))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("target migration 2_hole.sql is not applied");
    }

    @Test
    void downOfAnAppliedIdWithoutItsFileIsAnError() {
        files("1_a.sql").applied("1_a.sql", "2_gone.sql");

        assertThatThrownBy(() -> new Planner(true, true, false).down(List.copyOf(migrations), history(), 1, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("cannot undo 2_gone.sql");
    }

    @Test
    void anAppliedIdNewerThanEveryFileIsFutureNotUnknown() {
        files("1_a.sql", "2_b.sql").applied("1_a.sql", "3_newer.sql");

        Plan plan = STRICT.up(List.copyOf(migrations), history(), 0, null);

        assertThat(ids(plan)).containsExactly("2_b.sql");
        assertThat(plan.future()).containsExactly("3_newer.sql");
        assertThatThrownBy(() -> down(1, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("cannot undo 3_newer.sql")
                .hasMessageContaining("newer than every migration found");
    }

    @Test
    void withNoFilesAtAllEveryAppliedIdIsUnknown() {
        applied("1_a.sql");

        assertThatThrownBy(() -> up(STRICT, 0, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("unknown migration in database: 1_a.sql");
    }

    @Test
    void theNewestIsTheGreatestInMigrationOrderWhereverItIsListed() {
        files("9_b.sql", "10_c.sql", "2_a.sql");

        assertThat(Planner.newest(List.copyOf(migrations))).isEqualTo("10_c.sql");
        assertThat(Planner.newest(List.of())).isNull();
        assertThat(Planner.isFuture("10_c.sql", "11_d.sql")).isTrue();
        assertThat(Planner.isFuture("10_c.sql", "10_c.sql")).isFalse();
        assertThat(Planner.isFuture("10_c.sql", "9_z.sql")).isFalse();
        assertThat(Planner.isFuture(null, "1_a.sql")).isFalse();
    }

    @Test
    void aFailedDownWaitsForARepairUnlessRetriesAreOn() {
        files("1_a.sql", "2_b.sql").applied("1_a.sql", "2_b.sql");
        details.put(
                "2_b.sql",
                new MigrationDetails(
                        "2_b.sql",
                        sum("2_b.sql"),
                        1L,
                        "host/1",
                        MigrationDetails.DOWN_FAILED,
                        3,
                        "gone",
                        Instant.EPOCH));

        assertThatThrownBy(() -> down(1, null))
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("the Down of 2_b.sql failed at line 3 on 1970-01-01T00:00:00Z (gone)");
        assertThat(ids(new Planner(false, true, true).down(List.copyOf(migrations), history(), 1, null)))
                .containsExactly("2_b.sql");
        assertThat(up(STRICT, 0, null))
                .as("an applied migration whose Down failed is not pending")
                .isEmpty();
    }

    @Test
    void anAppliedRowWithoutAChecksumOrWithAFailureMarkIsNotCheckedForEdits() {
        files("1_go.sql", "2_b.sql", "3_c.sql").applied("2_b.sql");
        applied.add(new AppliedRow("1_go.sql", Instant.EPOCH)); // the Go tool applied it: no side row
        details.put(
                "2_b.sql",
                new MigrationDetails("2_b.sql", null, null, null, MigrationDetails.APPLIED, null, null, null));

        assertThat(up(STRICT, 0, null)).containsExactly("3_c.sql");

        details.put(
                "2_b.sql",
                new MigrationDetails(
                        "2_b.sql", "older", null, "host/1", MigrationDetails.FAILED, 7, "boom", Instant.EPOCH));
        assertThat(up(STRICT, 0, null))
                .as("a failure mark's checksum is the failed file's, not an edit")
                .containsExactly("3_c.sql");
    }

    @Test
    void aTargetAlsoBoundsTheHoles() {
        files("1_a.sql", "2_hole.sql", "3_c.sql", "4_hole.sql", "5_e.sql", "6_f.sql")
                .applied("1_a.sql", "3_c.sql", "5_e.sql");

        Plan plan = STRICT.up(List.copyOf(migrations), history(), 0, "3_c.sql");

        assertThat(ids(plan)).containsExactly("2_hole.sql");
        assertThat(plan.holes()).containsExactly("2_hole.sql");
        assertThat(up(STRICT, 0, "6_f.sql")).containsExactly("2_hole.sql", "4_hole.sql", "6_f.sql");
    }

    @Test
    void downWithUnknownIdsIgnoredUndoesWhatItReachesBeforeThem() {
        files("2_b.sql", "3_c.sql").applied("1_gone.sql", "2_b.sql", "3_c.sql");
        Planner lenient = new Planner(true, true, false);

        Plan plan = lenient.down(List.copyOf(migrations), history(), 2, null);

        assertThat(ids(plan)).containsExactly("3_c.sql", "2_b.sql");
        assertThat(plan.future()).isEmpty();
        assertThatThrownBy(() -> lenient.down(List.copyOf(migrations), history(), 0, null))
                .isInstanceOfSatisfying(
                        MigrationPlanException.class,
                        e -> assertThat(e.reason()).isEqualTo(MigrationPlanException.Reason.MISSING_FILE));
    }
}
