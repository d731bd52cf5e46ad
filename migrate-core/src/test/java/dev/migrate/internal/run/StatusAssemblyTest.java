package dev.migrate.internal.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrationInfo;
import dev.migrate.MigrationResource;
import dev.migrate.MigrationState;
import dev.migrate.Migrator;
import dev.migrate.ValidationReport;
import dev.migrate.internal.history.AppliedRow;
import dev.migrate.internal.history.HistorySnapshot;
import dev.migrate.internal.history.MigrationDetails;
import dev.migrate.internal.parse.ParsedMigration;
import dev.migrate.internal.plan.Migration;
import dev.migrate.internal.plan.MigrationOrder;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What {@link Migrator#status()} and {@link Migrator#validate()} report, assembled from migrations
 * and a history held in memory: no database.
 */
class StatusAssemblyTest {

    private static final Instant APPLIED_AT = Instant.parse("2026-01-02T03:04:05Z");

    /** The migrations found and the history, as a test states them. */
    static final class Given {
        final List<Migration> migrations = new ArrayList<>();
        final List<AppliedRow> applied = new ArrayList<>();
        final Map<String, MigrationDetails> details = new HashMap<>();
        boolean lockHeld;

        Given files(String... ids) {
            for (String id : ids) {
                migrations.add(new Migration(new Resource(id), sum(id), new ParsedMigration(id, false, false, 1, 1)));
            }
            return this;
        }

        /** Applied by migrate: a history row and a side row with its checksum, time and host. */
        Given applied(String... ids) {
            for (String id : ids) {
                applied.add(new AppliedRow(id, APPLIED_AT));
                details.put(
                        id,
                        new MigrationDetails(id, sum(id), 42L, "host/1", MigrationDetails.APPLIED, null, null, null));
            }
            return this;
        }

        /** Applied by the Go tool: a history row only. */
        Given appliedByGo(String id) {
            applied.add(new AppliedRow(id, APPLIED_AT));
            return this;
        }

        Given edited(String id) {
            details.put(
                    id, new MigrationDetails(id, "older", 42L, "host/1", MigrationDetails.APPLIED, null, null, null));
            return this;
        }

        Given failed(String id) {
            details.put(
                    id,
                    new MigrationDetails(
                            id, "sum-then", null, "host/2", MigrationDetails.FAILED, 7, "boom", APPLIED_AT));
            return this;
        }

        Given downFailed(String id) {
            details.put(
                    id,
                    new MigrationDetails(
                            id, sum(id), 42L, "host/1", MigrationDetails.DOWN_FAILED, 3, "gone", APPLIED_AT));
            return this;
        }

        Given running(String id) {
            details.put(
                    id,
                    new MigrationDetails(
                            id, "sum-then", null, "host/3", MigrationDetails.RUNNING, 5, "select 1;", APPLIED_AT));
            return this;
        }

        Given downRunning(String id) {
            details.put(
                    id,
                    new MigrationDetails(
                            id, sum(id), 42L, "host/1", MigrationDetails.DOWN_RUNNING, 4, "drop x;", APPLIED_AT));
            return this;
        }

        Given lockHeld() {
            lockHeld = true;
            return this;
        }

        HistorySnapshot history() {
            List<AppliedRow> ordered = new ArrayList<>(applied);
            ordered.sort((a, b) -> MigrationOrder.INSTANCE.compare(a.id(), b.id()));
            return new HistorySnapshot(true, ordered, details);
        }

        List<MigrationInfo> describe() {
            return StatusAssembly.describe(List.copyOf(migrations), history(), lockHeld);
        }

        ValidationReport validate(boolean ignoreUnknown) {
            return StatusAssembly.validate(List.copyOf(migrations), history(), ignoreUnknown, lockHeld);
        }
    }

    private static String sum(String id) {
        return "sum-" + id;
    }

    private static Arguments row(String name, Consumer<Given> given, String... expected) {
        return Arguments.of(name, given, List.of(expected));
    }

    static Stream<Arguments> states() {
        return Stream.of(
                row("nothing at all", g -> {}),
                row("a file not applied is pending", g -> g.files("1_a.sql"), "1_a.sql PENDING"),
                row("an applied file is applied", g -> g.files("1_a.sql").applied("1_a.sql"), "1_a.sql APPLIED"),
                row(
                        "the Go tool's rows are applied too",
                        g -> g.files("1_a.sql").appliedByGo("1_a.sql"),
                        "1_a.sql APPLIED"),
                row(
                        "an applied id without its file, newer than every file, is future",
                        g -> g.files("1_a.sql").applied("1_a.sql", "2_newer.sql"),
                        "1_a.sql APPLIED",
                        "2_newer.sql FUTURE"),
                row(
                        "an applied id without its file, older than a file, is unknown",
                        g -> g.files("2_b.sql").applied("1_gone.sql"),
                        "1_gone.sql UNKNOWN",
                        "2_b.sql PENDING"),
                row("with no files at all, every applied id is unknown", g -> g.applied("1_a.sql"), "1_a.sql UNKNOWN"),
                row(
                        "an Up that failed is failed, not pending",
                        g -> g.files("1_a.sql", "2_nt.sql").applied("1_a.sql").failed("2_nt.sql"),
                        "1_a.sql APPLIED",
                        "2_nt.sql FAILED"),
                row(
                        "an applied migration whose Down failed is failed",
                        g -> g.files("1_a.sql", "2_b.sql")
                                .applied("1_a.sql", "2_b.sql")
                                .downFailed("2_b.sql"),
                        "1_a.sql APPLIED",
                        "2_b.sql FAILED"),
                row(
                        "a running mark with the lock free is interrupted, not pending",
                        g -> g.files("1_a.sql", "2_nt.sql").applied("1_a.sql").running("2_nt.sql"),
                        "1_a.sql APPLIED",
                        "2_nt.sql INTERRUPTED"),
                row(
                        "a running mark while the lock is held is running",
                        g -> g.files("1_nt.sql").running("1_nt.sql").lockHeld(),
                        "1_nt.sql RUNNING"),
                row(
                        "an applied migration whose Down has a running mark and the lock free is interrupted",
                        g -> g.files("1_a.sql").applied("1_a.sql").downRunning("1_a.sql"),
                        "1_a.sql INTERRUPTED"),
                row(
                        "a failure mark without its file stays unknown or future by its history row",
                        g -> g.files("2_b.sql")
                                .applied("1_gone.sql", "3_newer.sql")
                                .downFailed("1_gone.sql"),
                        "1_gone.sql UNKNOWN",
                        "2_b.sql PENDING",
                        "3_newer.sql FUTURE"),
                row(
                        "an edited applied file is still applied (validate reports the edit)",
                        g -> g.files("1_a.sql").applied("1_a.sql").edited("1_a.sql"),
                        "1_a.sql APPLIED"),
                row(
                        "everything comes in migration order, holes included",
                        g -> g.files("10_c.sql", "2_hole.sql", "1_a.sql", "9_b.sql")
                                .applied("1_a.sql", "9_b.sql"),
                        "1_a.sql APPLIED",
                        "2_hole.sql PENDING",
                        "9_b.sql APPLIED",
                        "10_c.sql PENDING"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void eachMigrationGetsItsState(String name, Consumer<Given> setUp, List<String> expected) {
        Given given = new Given();
        setUp.accept(given);

        assertThat(given.describe())
                .extracting(info -> info.id() + " " + info.state())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void anAppliedMigrationShowsWhatTheHistoryRecorded() {
        MigrationInfo info =
                new Given().files("1_a.sql").applied("1_a.sql").describe().get(0);

        assertThat(info)
                .isEqualTo(new MigrationInfo(
                        "1_a.sql",
                        MigrationState.APPLIED,
                        APPLIED_AT,
                        sum("1_a.sql"),
                        Duration.ofMillis(42),
                        "host/1",
                        null));
    }

    @Test
    void anEditedAppliedMigrationShowsTheChecksumItWasAppliedWith() {
        MigrationInfo info = new Given()
                .files("1_a.sql")
                .applied("1_a.sql")
                .edited("1_a.sql")
                .describe()
                .get(0);

        assertThat(info.checksum()).isEqualTo("older");
    }

    @Test
    void aPendingMigrationShowsTheChecksumOfTheFileNow() {
        assertThat(new Given().files("1_a.sql").describe())
                .containsExactly(
                        new MigrationInfo("1_a.sql", MigrationState.PENDING, null, sum("1_a.sql"), null, null, null));
    }

    @Test
    void aMigrationTheGoToolAppliedHasOnlyItsTime() {
        assertThat(new Given().files("1_a.sql").appliedByGo("1_a.sql").describe())
                .containsExactly(
                        new MigrationInfo("1_a.sql", MigrationState.APPLIED, APPLIED_AT, null, null, null, null));
    }

    @Test
    void aFailedUpIsNotAppliedAndSaysWhereItFailed() {
        assertThat(new Given().files("1_nt.sql").failed("1_nt.sql").describe())
                .containsExactly(new MigrationInfo(
                        "1_nt.sql", MigrationState.FAILED, null, "sum-then", null, "host/2", "line 7: boom"));
    }

    @Test
    void anInterruptedUpIsNotAppliedAndNamesTheStatementThatWasRunning() {
        assertThat(new Given().files("1_nt.sql").running("1_nt.sql").describe())
                .containsExactly(new MigrationInfo(
                        "1_nt.sql",
                        MigrationState.INTERRUPTED,
                        null,
                        "sum-then",
                        null,
                        "host/3",
                        "interrupted at line 5: select 1;"));
    }

    @Test
    void anInterruptedDownIsStillAppliedAndNamesTheStatementThatWasRunning() {
        assertThat(new Given()
                        .files("1_a.sql")
                        .applied("1_a.sql")
                        .downRunning("1_a.sql")
                        .lockHeld()
                        .describe())
                .containsExactly(new MigrationInfo(
                        "1_a.sql",
                        MigrationState.RUNNING,
                        APPLIED_AT,
                        sum("1_a.sql"),
                        Duration.ofMillis(42),
                        "host/1",
                        "Down running line 4: drop x;"));
    }

    @Test
    void aFailedDownIsStillAppliedAndSaysWhereItFailed() {
        assertThat(new Given()
                        .files("1_a.sql")
                        .applied("1_a.sql")
                        .downFailed("1_a.sql")
                        .describe())
                .containsExactly(new MigrationInfo(
                        "1_a.sql",
                        MigrationState.FAILED,
                        APPLIED_AT,
                        sum("1_a.sql"),
                        Duration.ofMillis(42),
                        "host/1",
                        "Down failed at line 3: gone"));
    }

    @Test
    void aFutureOrUnknownMigrationShowsWhatTheHistoryRecorded() {
        assertThat(new Given()
                        .files("2_b.sql")
                        .applied("1_gone.sql", "3_newer.sql")
                        .describe())
                .containsExactly(
                        new MigrationInfo(
                                "1_gone.sql",
                                MigrationState.UNKNOWN,
                                APPLIED_AT,
                                sum("1_gone.sql"),
                                Duration.ofMillis(42),
                                "host/1",
                                null),
                        new MigrationInfo("2_b.sql", MigrationState.PENDING, null, sum("2_b.sql"), null, null, null),
                        new MigrationInfo(
                                "3_newer.sql",
                                MigrationState.FUTURE,
                                APPLIED_AT,
                                sum("3_newer.sql"),
                                Duration.ofMillis(42),
                                "host/1",
                                null));
    }

    static Stream<Arguments> validations() {
        return Stream.of(
                Arguments.of(
                        "in step",
                        validation(g -> g.files("1_a.sql", "2_b.sql").applied("1_a.sql"), false),
                        "",
                        "",
                        ""),
                Arguments.of(
                        "an edited applied file",
                        validation(g -> g.files("1_a.sql").applied("1_a.sql").edited("1_a.sql"), false),
                        "1_a.sql",
                        "",
                        ""),
                Arguments.of(
                        "a file the Go tool applied has no checksum to compare",
                        validation(g -> g.files("1_a.sql").appliedByGo("1_a.sql"), false),
                        "",
                        "",
                        ""),
                Arguments.of(
                        "an unknown applied id",
                        validation(g -> g.files("2_b.sql").applied("1_gone.sql"), false),
                        "",
                        "1_gone.sql",
                        ""),
                Arguments.of(
                        "an unknown applied id, ignored",
                        validation(g -> g.files("2_b.sql").applied("1_gone.sql"), true),
                        "",
                        "",
                        ""),
                Arguments.of(
                        "a future applied id is no problem",
                        validation(g -> g.files("1_a.sql").applied("1_a.sql", "2_newer.sql"), false),
                        "",
                        "",
                        ""),
                Arguments.of(
                        "with no files at all, an applied id is unknown",
                        validation(g -> g.applied("1_a.sql"), false),
                        "",
                        "1_a.sql",
                        ""),
                Arguments.of(
                        "an applied id with a failure mark: its checksum is not compared",
                        validation(
                                g -> g.files("1_a.sql").appliedByGo("1_a.sql").failed("1_a.sql"), false),
                        "",
                        "",
                        "1_a.sql"),
                Arguments.of(
                        "a failed Up",
                        validation(
                                g -> g.files("1_a.sql", "2_nt.sql")
                                        .applied("1_a.sql")
                                        .failed("2_nt.sql"),
                                false),
                        "",
                        "",
                        "2_nt.sql"),
                Arguments.of(
                        "a failed Down: still applied, waits for repair",
                        validation(
                                g -> g.files("1_a.sql", "2_b.sql")
                                        .applied("1_a.sql", "2_b.sql")
                                        .downFailed("2_b.sql"),
                                false),
                        "",
                        "",
                        "2_b.sql"),
                Arguments.of(
                        "an interrupted migration waits for repair",
                        validation(g -> g.files("1_nt.sql").running("1_nt.sql"), false),
                        "",
                        "",
                        "1_nt.sql"),
                Arguments.of(
                        "a migration running now is no problem",
                        validation(g -> g.files("1_nt.sql").running("1_nt.sql").lockHeld(), false),
                        "",
                        "",
                        ""),
                Arguments.of(
                        "failures come in migration order",
                        validation(
                                g -> g.files("1_a.sql", "2_b.sql", "10_c.sql")
                                        .applied("1_a.sql", "2_b.sql")
                                        .failed("10_c.sql")
                                        .downFailed("2_b.sql"),
                                false),
                        "",
                        "",
                        "2_b.sql 10_c.sql"));
    }

    /** Validated when the test runs, not when its arguments are made (mutation testing needs that). */
    private static Supplier<ValidationReport> validation(Consumer<Given> setUp, boolean ignoreUnknown) {
        Given given = new Given();
        setUp.accept(given);
        return () -> given.validate(ignoreUnknown);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validations")
    void validationReportsWhatDisagrees(
            String name, Supplier<ValidationReport> validation, String edited, String unknown, String failed) {
        ValidationReport report = validation.get();
        assertThat(report.edited()).as("edited").containsExactlyElementsOf(ids(edited));
        assertThat(report.unknown()).as("unknown").containsExactlyElementsOf(ids(unknown));
        assertThat(report.failed()).as("failed").containsExactlyElementsOf(ids(failed));
        assertThat(report.isValid()).isEqualTo(edited.isEmpty() && unknown.isEmpty() && failed.isEmpty());
    }

    private static List<String> ids(String spaced) {
        return spaced.isEmpty() ? List.of() : List.of(spaced.split(" "));
    }

    private record Resource(String id) implements MigrationResource {
        @Override
        public String location() {
            return "memory:" + id;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(new byte[0]);
        }
    }
}
