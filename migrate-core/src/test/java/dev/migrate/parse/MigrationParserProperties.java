package dev.migrate.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrationParseException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

/**
 * Random files built from the format's vocabulary: the parser only ever fails with a {@link
 * MigrationParseException} on a line of the file, and what it emits is in order and inside the
 * file.
 */
class MigrationParserProperties {

    private static final String ID = "42_random.sql";

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

    /** A file: its lines, the separator, and whether the last line ends with it. */
    record File(List<String> lines, String separator, boolean finalSeparator) {
        String text(String separator) {
            return String.join(separator, lines) + (finalSeparator ? separator : "");
        }

        String text() {
            return text(separator);
        }
    }

    /** What one parse did: the result or the error, and the statements the sink saw. */
    record Outcome(
            @Nullable ParsedMigration parsed, @Nullable MigrationParseException error, List<SqlStatement> statements) {
        String summary() {
            return parsed != null ? parsed.toString() : error.getMessage();
        }
    }

    @Provide
    Arbitrary<File> files() {
        return Combinators.combine(
                        Arbitraries.of(VOCABULARY).list().ofMaxSize(30),
                        Arbitraries.of("\n", "\r\n"),
                        Arbitraries.of(true, false))
                .as(File::new);
    }

    @Provide
    Arbitrary<@Nullable Direction> directions() {
        return Arbitraries.of(Direction.UP, Direction.DOWN).injectNull(0.34);
    }

    @Property(tries = 500)
    void failsOnlyWithAParseErrorOnALineOfTheFile(
            @ForAll("files") File file, @ForAll("directions") @Nullable Direction wanted) {
        Outcome outcome = parse(file.text(), wanted);

        if (outcome.error() != null) {
            assertThat(outcome.error().file()).isEqualTo(ID);
            assertThat(outcome.error().line()).isBetween(1, file.lines().size() + 1);
            assertThat(outcome.error())
                    .hasMessageStartingWith(ID + ":" + outcome.error().line() + ": ");
        }
    }

    @Property(tries = 500)
    void emitsStatementsInFileOrderFromInsideTheFile(
            @ForAll("files") File file, @ForAll("directions") @Nullable Direction wanted) {
        Outcome outcome = parse(file.text(), wanted);

        int previousLine = 0;
        for (SqlStatement statement : outcome.statements()) {
            assertThat(statement.line())
                    .isGreaterThan(previousLine)
                    .isLessThanOrEqualTo(file.lines().size());
            assertThat(statement.sql()).endsWith("\n").isNotBlank();
            for (String line : statement.sql().split("\n", -1)) {
                assertThat(line).doesNotStartWith("-- ");
            }
            previousLine = statement.line();
        }
        if (outcome.parsed() != null) {
            int expected = wanted == null
                    ? 0
                    : wanted == Direction.UP
                            ? outcome.parsed().upStatements()
                            : outcome.parsed().downStatements();
            assertThat(outcome.statements()).hasSize(expected);
        }
    }

    @Property(tries = 500)
    void theWantedDirectionChangesOnlyWhatReachesTheSink(@ForAll("files") File file) {
        String text = file.text();
        Outcome validated = parse(text, null);

        assertThat(parse(text, Direction.UP).summary()).isEqualTo(validated.summary());
        assertThat(parse(text, Direction.DOWN).summary()).isEqualTo(validated.summary());
        assertThat(validated.statements()).isEmpty();
    }

    @Property(tries = 500)
    void crLfAndLfParseAlike(@ForAll("files") File file, @ForAll("directions") @Nullable Direction wanted) {
        Outcome lf = parse(file.text("\n"), wanted);
        Outcome crLf = parse(file.text("\r\n"), wanted);

        assertThat(crLf.summary()).isEqualTo(lf.summary());
        assertThat(crLf.statements()).isEqualTo(lf.statements());
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
