package dev.migrate.internal.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.Direction;
import dev.migrate.MigrationParseException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Random files built from the format's vocabulary: the parser only ever fails with a {@link
 * MigrationParseException} on a line of the file, and what it emits is in order and inside the
 * file.
 *
 * <p>Each property runs {@value #CASES} cases drawn from one seed: a fresh one per run, or the one
 * given as {@code -Dmigrate.test.seed=N}. A failing case names the seed that reproduces the run.
 */
class MigrationParserProperties {

    private static final String ID = "42_random.sql";

    private static final int CASES = 500;

    private static final String SEED_PROPERTY = "migrate.test.seed";

    private static final List<String> VOCABULARY = List.of(
            "-- +migrate Up",
            "-- +migrate Down",
            "-- +migrate Up notransaction",
            "-- +migrate Down notransaction",
            "-- +migrate StatementBegin",
            "-- +migrate StatementEnd",
            "-- +migrate StatementBegin",
            "-- +migrate StatementEnd",
            "-- +migrate ",
            "-- +migrate",
            "-- +migrate Unknown;",
            "-- +migrate up",
            " -- +migrate Up",
            "--+migrate Down",
            "BEGIN;",
            "COMMIT;",
            "SAVEPOINT s;",
            "-- +goose Up",
            "-- a comment;",
            "--x",
            "--",
            "  -- indented;",
            "",
            "   ",
            "\t\u00A0",
            "SELECT 1",
            "SELECT 1;",
            "SELECT 1;",
            "INSERT INTO t VALUES (1);",
            "SELECT 1; -- note",
            "x -- note;",
            "x;-- note",
            "x; /* c */",
            "a; b;",
            ";",
            "'quote;",
            "$$",
            "é€😀;",
            "lone\rcarriage return;");

    private static final int MAX_LINES = 30;

    /** A file: its lines, the separator, and whether the last line ends with it. */
    record File(List<String> lines, String separator, boolean finalSeparator) {
        String text(String separator) {
            return String.join(separator, lines) + (finalSeparator ? separator : "");
        }

        String text() {
            return text(separator);
        }
    }

    /** One generated case: a file and the direction asked for (null: only validate). */
    record Case(File file, @Nullable Direction wanted) {}

    /** What one parse did: the result or the error, and the statements the sink saw. */
    record Outcome(
            @Nullable ParsedMigration parsed, @Nullable MigrationParseException error, List<SqlStatement> statements) {
        String summary() {
            return parsed != null ? parsed.toString() : String.valueOf(error);
        }
    }

    @Test
    void failsOnlyWithAParseErrorOnALineOfTheFile() {
        forAll(c -> {
            Outcome outcome = parse(c.file().text(), c.wanted());

            MigrationParseException error = outcome.error();
            if (error != null) {
                assertThat(error.file()).isEqualTo(ID);
                assertThat(error.line()).isBetween(1, c.file().lines().size() + 1);
                assertThat(error).hasMessageStartingWith(ID + ":" + error.line() + ": ");
            }
        });
    }

    @Test
    void emitsStatementsInFileOrderFromInsideTheFile() {
        forAll(c -> {
            Outcome outcome = parse(c.file().text(), c.wanted());

            int previousLine = 0;
            for (SqlStatement statement : outcome.statements()) {
                assertThat(statement.line())
                        .isGreaterThan(previousLine)
                        .isLessThanOrEqualTo(c.file().lines().size());
                assertThat(statement.sql()).endsWith("\n").isNotBlank();
                for (String line : statement.sql().split("\n", -1)) {
                    assertThat(line).doesNotStartWith("-- ");
                }
                previousLine = statement.line();
            }
            ParsedMigration parsed = outcome.parsed();
            if (parsed != null) {
                int expected = c.wanted() == null
                        ? 0
                        : c.wanted() == Direction.UP ? parsed.upStatements() : parsed.downStatements();
                assertThat(outcome.statements()).hasSize(expected);
            }
        });
    }

    @Test
    void theWantedDirectionChangesOnlyWhatReachesTheSink() {
        forAll(c -> {
            String text = c.file().text();
            Outcome validated = parse(text, null);

            assertThat(parse(text, Direction.UP).summary()).isEqualTo(validated.summary());
            assertThat(parse(text, Direction.DOWN).summary()).isEqualTo(validated.summary());
            assertThat(validated.statements()).isEmpty();
        });
    }

    @Test
    void crLfAndLfParseAlike() {
        forAll(c -> {
            Outcome lf = parse(c.file().text("\n"), c.wanted());
            Outcome crLf = parse(c.file().text("\r\n"), c.wanted());

            assertThat(crLf.summary()).isEqualTo(lf.summary());
            assertThat(crLf.statements()).isEqualTo(lf.statements());
        });
    }

    /** Runs the property on {@value #CASES} generated cases; a failure names the seed and case. */
    private static void forAll(Consumer<Case> property) {
        String given = System.getProperty(SEED_PROPERTY);
        long seed = given != null ? Long.parseLong(given) : new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < CASES; i++) {
            Case c = randomCase(random);
            try {
                property.accept(c);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "case " + (i + 1) + " of " + CASES + " failed; rerun with -D" + SEED_PROPERTY + "=" + seed
                                + "\nfile lines: " + c.file().lines() + ", separator "
                                + (c.file().separator().equals("\n") ? "\\n" : "\\r\\n")
                                + ", final separator " + c.file().finalSeparator()
                                + ", wanted " + c.wanted(),
                        e);
            }
        }
    }

    private static Case randomCase(SplittableRandom random) {
        int size = random.nextInt(MAX_LINES + 1);
        List<String> lines = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            lines.add(VOCABULARY.get(random.nextInt(VOCABULARY.size())));
        }
        File file = new File(lines, random.nextBoolean() ? "\n" : "\r\n", random.nextBoolean());
        int direction = random.nextInt(3);
        return new Case(file, direction == 0 ? null : direction == 1 ? Direction.UP : Direction.DOWN);
    }

    private static Outcome parse(String text, @Nullable Direction wanted) {
        List<SqlStatement> statements = new ArrayList<>();
        try {
            var parsed =
                    MigrationParser.parse(ID, new ByteArrayInputStream(text.getBytes(UTF_8)), wanted, statements::add);
            return new Outcome(parsed, null, statements);
        } catch (MigrationParseException e) {
            return new Outcome(null, e, statements);
        }
    }
}
