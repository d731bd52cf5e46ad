package dev.migrate.internal.parse;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.migrate.Direction;
import dev.migrate.MigrationParseException;
import dev.migrate.MigrationSourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per rule of docs/format.md's "Reading a file" section; every case also runs with {@code \r\n}. */
class MigrationParserTest {

    private static final String ID = "20240101120000-test.sql";

    /** A file that parses: the statements (text and line) each direction must yield. */
    record Parses(
            String name,
            String file,
            List<SqlStatement> up,
            List<SqlStatement> down,
            boolean upNoTransaction,
            boolean downNoTransaction) {

        Parses(String name, String file, List<SqlStatement> up, List<SqlStatement> down) {
            this(name, file, up, down, false, false);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A file that breaks the format: the line and the words the error must carry. */
    record Fails(String name, String file, int line, String problem) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static SqlStatement sql(String text, int line) {
        return new SqlStatement(text, line);
    }

    static Stream<Parses> parses() {
        return Stream.of(
                new Parses(
                        "upAndDownEachCollectTheirStatements",
                        """
                        -- +migrate Up
                        CREATE TABLE a (id int);
                        -- +migrate Down
                        DROP TABLE a;
                        """,
                        List.of(sql("CREATE TABLE a (id int);\n", 2)),
                        List.of(sql("DROP TABLE a;\n", 4))),
                new Parses(
                        "statementSpansLinesUntilTheSemicolon",
                        """
                        -- +migrate Up
                        CREATE TABLE a (
                          id int
                        );
                        """,
                        List.of(sql("CREATE TABLE a (\n  id int\n);\n", 2)),
                        List.of()),
                new Parses("textBeforeTheFirstDirectiveIsIgnored", """
                        this is not SQL;
                        SELECT 1;
                        -- +migrate StatementEnd
                        -- +migrate Up
                        SELECT 2;
                        """, List.of(sql("SELECT 2;\n", 5)), List.of()),
                new Parses(
                        "columnZeroDashDashSpaceCommentsAreDroppedEvenInsideStatementsAndBlocks",
                        """
                        -- a header comment
                        -- +migrate Up
                        SELECT 1,
                        -- dropped
                          2;
                        -- +migrate StatementBegin
                        CREATE FUNCTION f() RETURNS int AS $$
                        -- dropped too, even inside a dollar-quoted body
                        BEGIN RETURN 1; END;
                        $$ LANGUAGE plpgsql;
                        -- +migrate StatementEnd
                        """,
                        List.of(
                                sql("SELECT 1,\n  2;\n", 3),
                                sql(
                                        "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN RETURN 1; END;\n$$ LANGUAGE plpgsql;\n",
                                        7)),
                        List.of()),
                new Parses(
                        "otherCommentsAndBlankLinesAreKeptVerbatim",
                        """
                        -- +migrate Up
                        SELECT 1
                          -- indented comment
                        --x
                        --

                        /* block */ ;
                        """,
                        List.of(sql("SELECT 1\n  -- indented comment\n--x\n--\n\n/* block */ ;\n", 2)),
                        List.of()),
                new Parses(
                        "semicolonEndsAStatementOnlyAsTheLastWordBeforeAComment",
                        """
                        -- +migrate Up
                        SELECT 1; -- note
                        SELECT 2 -- note;
                        ;
                        SELECT 3;-- note
                        SELECT 4; /* c */
                        SELECT 5; SELECT 6;
                        """,
                        List.of(
                                sql("SELECT 1; -- note\n", 2),
                                sql("SELECT 2 -- note;\n;\n", 3),
                                sql("SELECT 3;-- note\nSELECT 4; /* c */\nSELECT 5; SELECT 6;\n", 5)),
                        List.of()),
                new Parses(
                        "trailingWhitespaceAfterTheSemicolonStillEnds",
                        "-- +migrate Up\nSELECT 1; \t\nSELECT 2;\u00A0--\u00A0note\n",
                        List.of(sql("SELECT 1; \t\n", 2), sql("SELECT 2;\u00A0--\u00A0note\n", 3)),
                        List.of()),
                new Parses(
                        "quotesAreNotUnderstood",
                        """
                        -- +migrate Up
                        INSERT INTO t VALUES ('a;
                        b');
                        """,
                        List.of(sql("INSERT INTO t VALUES ('a;\n", 2), sql("b');\n", 3)),
                        List.of()),
                new Parses("markerLinesOfOtherToolsNeverBecomeSql", """
                        -- +migrate Up
                        SELECT 1
                        -- +goose Up
                        -- +migrated-by someone
                        -- +migrate-lint ignore
                        ;
                        """, List.of(sql("SELECT 1\n;\n", 2)), List.of()),
                new Parses(
                        "sectionsRepeatAndInterleave",
                        """
                        -- +migrate Up
                        CREATE TABLE a (id int);
                        -- +migrate Down
                        DROP TABLE a;
                        -- +migrate Up
                        CREATE TABLE b (id int);
                        -- +migrate Down
                        DROP TABLE b;
                        """,
                        List.of(sql("CREATE TABLE a (id int);\n", 2), sql("CREATE TABLE b (id int);\n", 6)),
                        List.of(sql("DROP TABLE a;\n", 4), sql("DROP TABLE b;\n", 8))),
                new Parses(
                        "notransactionOnUpMarksOnlyUp",
                        """
                        -- +migrate Up notransaction
                        CREATE INDEX CONCURRENTLY i ON t (c);
                        -- +migrate Down
                        DROP INDEX i;
                        """,
                        List.of(sql("CREATE INDEX CONCURRENTLY i ON t (c);\n", 2)),
                        List.of(sql("DROP INDEX i;\n", 4)),
                        true,
                        false),
                new Parses(
                        "notransactionOnAnyDownSectionMarksTheWholeDirection",
                        """
                        -- +migrate Down
                        SELECT 1;
                        -- +migrate Up NoTransaction
                        SELECT 2;
                        -- +migrate Down other notransaction
                        SELECT 3;
                        """,
                        List.of(sql("SELECT 2;\n", 4)),
                        List.of(sql("SELECT 1;\n", 2), sql("SELECT 3;\n", 6)),
                        false,
                        true),
                new Parses(
                        "statementBlockIgnoresSemicolonsUntilStatementEnd",
                        """
                        -- +migrate Up
                        -- +migrate StatementBegin
                        CREATE FUNCTION f() RETURNS int AS $$
                        BEGIN
                          RETURN 1;
                        END;
                        $$ LANGUAGE plpgsql;
                        -- +migrate StatementEnd
                        SELECT 2;
                        """,
                        List.of(
                                sql(
                                        "CREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE plpgsql;\n",
                                        3),
                                sql("SELECT 2;\n", 9)),
                        List.of()),
                new Parses(
                        "statementBeginBeforeAnyDirectionIsIgnored",
                        """
                        -- +migrate StatementBegin
                        -- +migrate Up
                        SELECT 1;
                        SELECT 2;
                        -- +migrate StatementEnd
                        """,
                        List.of(sql("SELECT 1;\n", 3), sql("SELECT 2;\n", 4)),
                        List.of()),
                new Parses("statementEndWithoutABlockDoesNothing", """
                        -- +migrate Up
                        SELECT 1
                        -- +migrate StatementEnd
                        ;
                        """, List.of(sql("SELECT 1\n;\n", 2)), List.of()),
                new Parses(
                        "secondStatementBeginInsideABlockIsIgnored",
                        """
                        -- +migrate Up
                        -- +migrate StatementBegin
                        SELECT 1;
                        -- +migrate StatementBegin
                        SELECT 2;
                        -- +migrate StatementEnd
                        SELECT 3;
                        """,
                        List.of(sql("SELECT 1;\nSELECT 2;\n", 3), sql("SELECT 3;\n", 7)),
                        List.of()),
                new Parses(
                        "textBufferedBeforeABlockJoinsTheBlocksStatement",
                        """
                        -- +migrate Up
                        SELECT
                        -- +migrate StatementBegin
                        1;
                        -- +migrate StatementEnd
                        """,
                        List.of(sql("SELECT\n1;\n", 2)),
                        List.of()),
                new Parses("blankBlockIsNotEmitted", """
                        -- +migrate Up
                        -- +migrate StatementBegin

                        -- only a comment
                        -- +migrate StatementEnd
                        SELECT 1;
                        """, List.of(sql("SELECT 1;\n", 6)), List.of()),
                new Parses(
                        "blockMayStayOpenAcrossADirectionSwitchWhileNothingIsBuffered",
                        """
                        -- +migrate Up
                        -- +migrate StatementBegin
                        -- +migrate Down
                        SELECT 1;
                        -- +migrate StatementEnd
                        """,
                        List.of(),
                        List.of(sql("SELECT 1;\n", 4))),
                new Parses(
                        "blankLinesCarryIntoTheNextDirectionAndTheLineIsTheFirstWithText",
                        """
                        -- +migrate Up
                        SELECT 1;

                        -- +migrate Down

                        SELECT 2;
                        """,
                        List.of(sql("SELECT 1;\n", 2)),
                        List.of(sql("\n\nSELECT 2;\n", 6))),
                new Parses(
                        "onlyBlankAndCommentLinesMayFollowTheLastStatement",
                        "-- +migrate Up\nSELECT 1;\n-- +migrate Down\n-- nothing to undo\n\n \u00A0\t\n",
                        List.of(sql("SELECT 1;\n", 2)),
                        List.of()),
                new Parses("directionWithoutStatementsIsFine", "-- +migrate Up\n", List.of(), List.of()),
                new Parses(
                        "lastLineNeedsNoNewline",
                        "-- +migrate Up\nSELECT 1;",
                        List.of(sql("SELECT 1;\n", 2)),
                        List.of()),
                new Parses(
                        "carriageReturnBeforeTheEndOfTheFileIsDropped",
                        "-- +migrate Up\nSELECT 1;\r",
                        List.of(sql("SELECT 1;\n", 2)),
                        List.of()),
                new Parses(
                        "savepointsAndTransactionControlOutsideATransactionAreFine",
                        """
                        -- +migrate Up
                        SAVEPOINT s;
                        RELEASE SAVEPOINT s;
                        ROLLBACK TO SAVEPOINT s;
                        -- +migrate Down notransaction
                        BEGIN;
                        COMMIT;
                        """,
                        List.of(
                                sql("SAVEPOINT s;\n", 2),
                                sql("RELEASE SAVEPOINT s;\n", 3),
                                sql("ROLLBACK TO SAVEPOINT s;\n", 4)),
                        List.of(sql("BEGIN;\n", 6), sql("COMMIT;\n", 7)),
                        false,
                        true),
                new Parses(
                        "aLaterNotransactionDirectiveAllowsEarlierTransactionControl",
                        """
                        -- +migrate Up
                        BEGIN;
                        -- +migrate Up notransaction
                        COMMIT;
                        """,
                        List.of(sql("BEGIN;\n", 2), sql("COMMIT;\n", 4)),
                        List.of(),
                        true,
                        false),
                new Parses(
                        "beginAndEndInsideBodiesAreNotTransactionControl",
                        """
                        -- +migrate Up
                        -- +migrate StatementBegin
                        DO $$
                        BEGIN
                          IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN
                            CREATE ROLE app;
                          END IF;
                        END
                        $$;
                        -- +migrate StatementEnd
                        -- +migrate StatementBegin
                        CREATE PROCEDURE p()
                        BEGIN
                          COMMIT;
                        END;
                        -- +migrate StatementEnd
                        -- +migrate StatementBegin
                        BEGIN NOT ATOMIC
                          SELECT 1;
                        END;
                        -- +migrate StatementEnd
                        """,
                        List.of(
                                sql(
                                        "DO $$\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'app') THEN\n"
                                                + "    CREATE ROLE app;\n  END IF;\nEND\n$$;\n",
                                        3),
                                sql("CREATE PROCEDURE p()\nBEGIN\n  COMMIT;\nEND;\n", 12),
                                sql("BEGIN NOT ATOMIC\n  SELECT 1;\nEND;\n", 18)),
                        List.of()),
                new Parses(
                        "unicodeIsKeptIncludingAReplacementCharacterInTheFile",
                        "-- +migrate Up\nINSERT INTO t VALUES ('héllo € \uFFFD 😀');\n",
                        List.of(sql("INSERT INTO t VALUES ('héllo € \uFFFD 😀');\n", 2)),
                        List.of()));
    }

    static Stream<Fails> fails() {
        String mustEnd = "must be ended by a semicolon or '-- +migrate StatementEnd'";
        return Stream.of(
                new Fails(
                        "directivePrefixWithNothingAfterIt",
                        "-- +migrate Up\n-- +migrate \nSELECT 1;\n",
                        2,
                        "incomplete migration command"),
                new Fails(
                        "directivePrefixWithOnlyWhitespaceAfterIt",
                        "-- +migrate Up\nSELECT 1;\n-- +migrate  \t\u00A0\n",
                        3,
                        "incomplete migration command"),
                new Fails("fileWithoutUpOrDown", "SELECT 1;\n-- +migrate StatementBegin\n", 1, "no '-- +migrate Up'"),
                new Fails("emptyFile", "", 1, "no '-- +migrate Up'"),
                new Fails(
                        "unterminatedStatementWhenANewDirectionStarts",
                        "-- +migrate Up\n\nSELECT 1\n-- +migrate Down\nSELECT 2;\n",
                        3,
                        mustEnd + " before the '-- +migrate Down' on line 4"),
                new Fails(
                        "unterminatedStatementAtTheEndOfTheFile",
                        "-- +migrate Up\nSELECT 1;\n\nSELECT 2 -- note;\n",
                        4,
                        mustEnd + " before the end of the file"),
                new Fails(
                        "semicolonGluedToACommentDoesNotEnd",
                        "-- +migrate Up\nSELECT 1;-- note\n",
                        2,
                        mustEnd + " before the end of the file"),
                new Fails(
                        "unterminatedBlockWhenANewDirectionStarts",
                        "-- +migrate Down\n-- +migrate StatementBegin\nSELECT 1;\n-- +migrate Up\n",
                        3,
                        mustEnd + " before the '-- +migrate Up' on line 4"),
                new Fails(
                        "blockOpenAtTheEndOfTheFile",
                        "-- +migrate Up\nSELECT 1;\n-- +migrate StatementBegin\nSELECT 2;\n",
                        3,
                        "'-- +migrate StatementBegin' has no matching '-- +migrate StatementEnd'"),
                new Fails(
                        "emptyBlockOpenAtTheEndOfTheFile",
                        "-- +migrate Up\n-- +migrate StatementBegin\n",
                        2,
                        "has no matching"),
                // deliberate differences: the Go tool ignores these lines, so the file silently does less
                new Fails(
                        "unknownCommand",
                        "-- +migrate Up\nSELECT 1;\n-- +migrate Upp\nSELECT 2;\n",
                        3,
                        "unknown migration command 'Upp': the commands are Up, Down, StatementBegin and StatementEnd"),
                new Fails(
                        "wrongCaseUpWouldRecordTheFileWithNothingRun",
                        "-- +migrate up\nCREATE TABLE a (id int);\n",
                        1,
                        "unknown migration command 'up': commands are case-sensitive, write 'Up'"),
                new Fails(
                        "wrongCaseDownWouldRunTheDownSqlOnUp",
                        "-- +migrate Up\nCREATE TABLE a (id int);\n-- +migrate down\nDROP TABLE a;\n",
                        3,
                        "write 'Down'"),
                new Fails(
                        "wrongCaseStatementEnd",
                        "-- +migrate Up\n-- +migrate StatementBegin\nSELECT 1;\n-- +migrate statementend\n",
                        4,
                        "write 'StatementEnd'"),
                new Fails(
                        "wrongCasePrefix",
                        "-- +migrate Up\nSELECT 1;\n-- +Migrate Down\nSELECT 2;\n",
                        3,
                        "is not a directive: a directive starts at column 0 with exactly '-- +migrate '"),
                new Fails(
                        "prefixWithoutSpaceAfterDashes",
                        "--+migrate Up\nCREATE TABLE a (id int);\n",
                        1,
                        "'--+migrate Up' is not a directive"),
                new Fails(
                        "prefixWithTwoSpacesAfterDashes",
                        "-- +migrate Up\nSELECT 1;\n--  +migrate Down\nSELECT 2;\n",
                        3,
                        "is not a directive"),
                new Fails(
                        "prefixWithATabBeforeTheCommand",
                        "-- +migrate Up\nSELECT 1;\n-- +migrate\tDown\nSELECT 2;\n",
                        3,
                        "is not a directive"),
                new Fails(
                        "indentedDirective",
                        "-- +migrate Up\nSELECT 1\n -- +migrate Down\n;\n",
                        3,
                        "'-- +migrate Down' is not a directive"),
                new Fails(
                        "indentedDirectiveBeforeTheFirst",
                        "  -- +migrate Up\nSELECT 1;\n-- +migrate Down\nSELECT 2;\n",
                        1,
                        "is not a directive"),
                new Fails(
                        "bareDirectivePrefixWithoutTrailingSpace",
                        "-- +migrate Up\nSELECT 1;\n-- +migrate\n",
                        3,
                        "incomplete migration command"),
                new Fails(
                        "loneCarriageReturnInsideALine",
                        "-- +migrate Up\nSELECT 1\r;\nSELECT 2;\n",
                        2,
                        "a carriage return inside the line"),
                new Fails(
                        "carriageReturnOnlyLineEnds",
                        "-- +migrate Up\rCREATE TABLE a (id int);\r-- +migrate Down\rDROP TABLE a;\r",
                        1,
                        "CR-only line ends"),
                new Fails(
                        "beginInATransactionalMigration",
                        "-- +migrate Up\nBEGIN;\nCREATE TABLE a (id int);\nCOMMIT;\n",
                        2,
                        "transaction control ('BEGIN') inside a transactional migration"),
                new Fails(
                        "commitNamesNotransaction",
                        "-- +migrate Up\nCREATE TABLE a (id int);\ncommit;\n",
                        3,
                        "'-- +migrate Up notransaction'"),
                new Fails(
                        "startTransactionAfterAComment",
                        "-- +migrate Up\n/* psql style */ START TRANSACTION;\nSELECT 1;\n",
                        2,
                        "('START')"),
                new Fails(
                        "endInADown",
                        "-- +migrate Up\nSELECT 1;\n-- +migrate Down\nSELECT 2;\nEND;\n",
                        5,
                        "'-- +migrate Down notransaction'"),
                new Fails(
                        "endOfAnUnwrappedBodyAdvisesABlock",
                        "-- +migrate Up\nCREATE FUNCTION f() RETURNS int AS $$\nBEGIN\n  RETURN 1;\nEND;\n$$ LANGUAGE sql;\n",
                        5,
                        "wrap the whole body in '-- +migrate StatementBegin'"),
                new Fails("rollback", "-- +migrate Up\nSELECT 1;\nROLLBACK;\n", 3, "('ROLLBACK')"),
                new Fails("abort", "-- +migrate Down\nabort;\n", 2, "('ABORT')"),
                new Fails(
                        "beginInAStatementBlockOfItsOwn",
                        "-- +migrate Up\n-- +migrate StatementBegin\nBEGIN;\nSELECT 1;\nCOMMIT;\n-- +migrate StatementEnd\n",
                        3,
                        "('BEGIN')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parses")
    void parses(Parses c) {
        assertParses(c, c.file());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parses")
    void parsesTheSameWithCrLf(Parses c) {
        assertParses(c, c.file().replace("\n", "\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fails")
    void fails(Fails c) {
        assertFails(c, c.file());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fails")
    void failsTheSameWithCrLf(Fails c) {
        assertFails(c, c.file().replace("\n", "\r\n"));
    }

    @Test
    void noTransactionAnswersForTheDirectionAsked() {
        ParsedMigration upOnly = new ParsedMigration(ID, true, false, 1, 1);
        ParsedMigration downOnly = new ParsedMigration(ID, false, true, 1, 1);

        assertThat(upOnly.noTransaction(Direction.UP)).isTrue();
        assertThat(upOnly.noTransaction(Direction.DOWN)).isFalse();
        assertThat(downOnly.noTransaction(Direction.UP)).isFalse();
        assertThat(downOnly.noTransaction(Direction.DOWN)).isTrue();
    }

    @Test
    void malformedUtf8IsAParseErrorOnItsLine() {
        byte[] file = concat(
                "-- +migrate Up\nSELECT 1;\nSELECT '".getBytes(UTF_8),
                new byte[] {(byte) 0xC3, '\''},
                ";\n".getBytes(UTF_8));

        var error = catchThrowableOfType(
                MigrationParseException.class, () -> MigrationParser.parse(ID, stream(file), null, s -> {}));

        assertThat(error.line()).isEqualTo(3);
        assertThat(error).hasMessageContaining(ID + ":3:").hasMessageContaining("not valid UTF-8");
    }

    @Test
    void aByteOrderMarkBeforeTheFirstDirectiveIsAnErrorOnLine1() {
        // sql-migrate keeps the mark, misses the Up directive, and the Up section is silently empty
        byte[] file = concat(
                new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                "-- +migrate Up\ncreate table t (id int);\n-- +migrate Down\ndrop table t;\n".getBytes(UTF_8));

        for (Direction wanted : new Direction[] {Direction.UP, Direction.DOWN, null}) {
            var error = catchThrowableOfType(
                    MigrationParseException.class, () -> MigrationParser.parse(ID, stream(file), wanted, s -> {}));

            assertThat(error).as("error for %s", wanted).isNotNull();
            assertThat(error.file()).isEqualTo(ID);
            assertThat(error.line()).isEqualTo(1);
            assertThat(error).hasMessageStartingWith(ID + ":1: ").hasMessageContaining("byte-order mark");
        }
    }

    @Test
    void malformedUtf8IsFoundOnItsLineEvenFarIntoALargeFile() {
        String head = "-- +migrate Up\n" + "SELECT 1;\n".repeat(100_000);
        byte[] file = concat(head.getBytes(UTF_8), new byte[] {(byte) 0xFF, ';', '\n'});

        var error = catchThrowableOfType(
                MigrationParseException.class, () -> MigrationParser.parse(ID, stream(file), null, s -> {}));

        assertThat(error.line()).isEqualTo(100_002);
    }

    @Test
    void aParseErrorCarriesFileLineAndProblemApartFromTheMessage() {
        var error = catchThrowableOfType(
                MigrationParseException.class,
                () -> MigrationParser.parse(
                        ID,
                        stream("-- +migrate Up\nSELECT 1;\n-- +migrate StatementBegin\nSELECT 2;\n"),
                        null,
                        s -> {}));

        assertThat(error.file()).isEqualTo(ID);
        assertThat(error.line()).isEqualTo(3);
        assertThat(error.problem())
                .isEqualTo("'-- +migrate StatementBegin' has no matching '-- +migrate StatementEnd'");
    }

    @Test
    void readFailureIsASourceErrorNamingTheFile() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("disk on fire");
            }
        };

        assertThatThrownBy(() -> MigrationParser.parse(ID, broken, Direction.UP, s -> {}))
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining(ID)
                .hasMessageContaining("disk on fire")
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void exceptionFromTheSinkPropagatesUnchangedAndStopsParsing() {
        var failure = new IllegalStateException("statement failed");
        List<SqlStatement> seen = new ArrayList<>();

        assertThatThrownBy(() -> MigrationParser.parse(
                        ID, stream("-- +migrate Up\nSELECT 1;\nSELECT 2;\n-- +migrate \n"), Direction.UP, s -> {
                            seen.add(s);
                            throw failure;
                        }))
                .isSameAs(failure);
        assertThat(seen).containsExactly(sql("SELECT 1;\n", 2));
    }

    @Test
    void statementsBeforeALaterErrorHaveAlreadyReachedTheSink() {
        List<SqlStatement> seen = new ArrayList<>();

        assertThatThrownBy(() -> MigrationParser.parse(
                        ID, stream("-- +migrate Up\nSELECT 1;\nSELECT 2\n"), Direction.UP, seen::add))
                .isInstanceOf(MigrationParseException.class);
        assertThat(seen).containsExactly(sql("SELECT 1;\n", 2));
    }

    @Test
    void validatingOnlyNeverCallsTheSink() {
        var parsed = MigrationParser.parse(
                ID, stream("-- +migrate Up\nSELECT 1;\n-- +migrate Down\nSELECT 2;\n"), null, s -> {
                    throw new AssertionError("sink called with " + s);
                });

        assertThat(parsed).isEqualTo(new ParsedMigration(ID, false, false, 1, 1));
    }

    @Test
    void veryLongLinesSpanningManyReadBuffersAreKeptWhole() {
        String longLine = "SELECT '" + "x".repeat(300_000) + "';";

        List<SqlStatement> up = collect("-- +migrate Up\r\n" + longLine + "\r\n", Direction.UP);

        assertThat(up).containsExactly(sql(longLine + "\n", 2));
    }

    private static void assertParses(Parses c, String file) {
        var expected = new ParsedMigration(
                ID,
                c.upNoTransaction(),
                c.downNoTransaction(),
                c.up().size(),
                c.down().size());

        List<SqlStatement> up = new ArrayList<>();
        assertThat(MigrationParser.parse(ID, stream(file), Direction.UP, up::add))
                .isEqualTo(expected);
        assertThat(up).containsExactlyElementsOf(c.up());

        List<SqlStatement> down = new ArrayList<>();
        assertThat(MigrationParser.parse(ID, stream(file), Direction.DOWN, down::add))
                .isEqualTo(expected);
        assertThat(down).containsExactlyElementsOf(c.down());

        assertThat(MigrationParser.parse(ID, stream(file), null, s -> {})).isEqualTo(expected);
    }

    private static void assertFails(Fails c, String file) {
        for (Direction wanted : new Direction[] {Direction.UP, Direction.DOWN, null}) {
            var error = catchThrowableOfType(
                    MigrationParseException.class, () -> MigrationParser.parse(ID, stream(file), wanted, s -> {}));

            assertThat(error).as("error for %s", wanted).isNotNull();
            assertThat(error.file()).isEqualTo(ID);
            assertThat(error.line()).isEqualTo(c.line());
            assertThat(error).hasMessageStartingWith(ID + ":" + c.line() + ": ").hasMessageContaining(c.problem());
        }
    }

    private static List<SqlStatement> collect(String file, @Nullable Direction wanted) {
        List<SqlStatement> statements = new ArrayList<>();
        MigrationParser.parse(ID, stream(file), wanted, statements::add);
        return statements;
    }

    private static InputStream stream(String file) {
        return stream(file.getBytes(UTF_8));
    }

    private static InputStream stream(byte[] file) {
        return new ByteArrayInputStream(file);
    }

    private static byte[] concat(byte[]... parts) {
        var out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
