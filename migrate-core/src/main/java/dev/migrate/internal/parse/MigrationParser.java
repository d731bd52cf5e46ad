package dev.migrate.internal.parse;

import dev.migrate.Direction;
import dev.migrate.MigrationParseException;
import dev.migrate.MigrationSourceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a migration file in sql-migrate's format as a stream, one line at a time, and hands the
 * statements of one direction to a sink. Only the statement being read is held in memory, so seed
 * files of any size parse in a small heap. The rules, and where they deliberately differ from the
 * Go tool, are in {@code docs/format.md}.
 *
 * <p>Each line is, in this order: a comment ({@code "-- "} but not {@code "-- +"}, dropped even
 * inside a block), a directive ({@code "-- +migrate "}), another tool's marker (any other
 * {@code "-- +"}, never SQL), ignored (before the first {@code Up} or {@code Down}), or part of the
 * current statement, which ends at this line unless a {@code StatementBegin} block is open and if
 * the line's last word before the first word starting with {@code --} ends in {@code ;}.
 */
public final class MigrationParser {

    private static final String DIRECTIVE = "-- +migrate ";
    private static final String MARKER = "-- +";
    private static final String COMMENT = "-- ";
    private static final String NO_TRANSACTION = "notransaction";
    private static final String BYTE_ORDER_MARK = "\uFEFF";
    private static final List<String> COMMANDS = List.of("Up", "Down", "StatementBegin", "StatementEnd");

    /** A line that means to be a directive, whatever its spacing and case. */
    private static final Pattern DIRECTIVE_LIKE = Pattern.compile(
            "^\\s*--\\s*\\+\\s*migrate(?:\\s|$)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNICODE_CHARACTER_CLASS);

    /** The first word of a statement's code, past opening parentheses. */
    private static final Pattern KEYWORD = Pattern.compile("^[( ]*([a-z]+)");

    private final String id;
    private final @Nullable Direction wanted;
    private final Consumer<SqlStatement> sink;

    /** The active direction; null until the first {@code Up} or {@code Down}. */
    private @Nullable Direction direction;

    /** Line of the {@code StatementBegin} that opened the current block; 0 when no block is open. */
    private int blockLine;

    private final StatementBuffer statement = new StatementBuffer();
    private boolean upNoTransaction;
    private boolean downNoTransaction;
    private int upStatements;
    private int downStatements;

    /** Line of the first transaction-control statement in each direction; 0 when there is none. */
    private int upTransactionControl;

    private int downTransactionControl;
    private String upControlWord = "";
    private String downControlWord = "";

    private MigrationParser(String id, @Nullable Direction wanted, Consumer<SqlStatement> sink) {
        this.id = id;
        this.wanted = wanted;
        this.sink = sink;
    }

    /**
     * Parses a whole migration file, handing each statement of {@code wanted} to {@code sink} in
     * file order as soon as it is complete.
     *
     * <p>The whole file is always read and checked, but statements reach the sink while reading: if
     * the file is broken further down, the sink has already seen the statements before the break.
     * Parse every file with {@code wanted == null} first when that matters. A {@link
     * RuntimeException} thrown by the sink stops parsing and propagates unchanged. The stream is
     * not closed.
     *
     * @param id the migration's id (its file name), used in error messages
     * @param in the file's content, UTF-8
     * @param wanted the direction whose statements go to {@code sink}, or null to only validate and
     *     count
     * @param sink receives the statements of {@code wanted}
     * @return the file's transaction options and statement counts for both directions
     * @throws MigrationParseException if the file breaks the format; names the file and line
     * @throws MigrationSourceException if the stream cannot be read
     */
    public static ParsedMigration parse(
            String id, InputStream in, @Nullable Direction wanted, Consumer<SqlStatement> sink) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sink, "sink");
        return new MigrationParser(id, wanted, sink).run(new LineReader(in));
    }

    private ParsedMigration run(LineReader lines) {
        int number = 0;
        while (true) {
            String line;
            try {
                line = lines.next();
            } catch (CharacterCodingException e) {
                throw new MigrationParseException(id, number + 1, "not valid UTF-8", e);
            } catch (IOException e) {
                throw new MigrationSourceException("Cannot read migration " + id + ": " + e.getMessage(), e);
            }
            if (line == null) {
                return finish();
            }
            if (number == 0 && line.startsWith(BYTE_ORDER_MARK)) {
                throw new MigrationParseException(
                        id,
                        1,
                        "the file starts with a UTF-8 byte-order mark (bytes EF BB BF), which would hide the first"
                                + " directive; save the file as UTF-8 without a byte-order mark");
            }
            number++;
            if (line.indexOf('\r') >= 0) {
                throw new MigrationParseException(
                        id,
                        number,
                        "a carriage return inside the line (a file with CR-only line ends?): the Go tool reads"
                                + " such lines as one, so directives on them would silently not count; save the"
                                + " file with \\n or \\r\\n line ends");
            }
            accept(line, number);
        }
    }

    private void accept(String line, int number) {
        if (line.startsWith(DIRECTIVE)) {
            directive(line, number);
            return;
        }
        if (looksLikeDirective(line)) {
            throw misspacedDirective(line, number);
        }
        if (line.startsWith(COMMENT) && !line.startsWith(MARKER)) {
            return;
        }
        if (line.startsWith(MARKER) || direction == null) {
            return;
        }
        statement.add(line, number, direction == wanted);
        if (blockLine == 0 && endsWithSemicolon(line)) {
            emit();
        }
    }

    private void directive(String line, int number) {
        List<String> words = words(line.substring(DIRECTIVE.length()));
        if (words.isEmpty()) {
            throw new MigrationParseException(
                    id, number, "incomplete migration command: nothing follows '-- +migrate'");
        }
        boolean noTransaction = words.subList(1, words.size()).contains(NO_TRANSACTION);
        switch (words.get(0)) {
            case "Up" -> {
                switchTo(Direction.UP, number);
                upNoTransaction |= noTransaction;
            }
            case "Down" -> {
                switchTo(Direction.DOWN, number);
                downNoTransaction |= noTransaction;
            }
            case "StatementBegin" -> {
                if (direction != null && blockLine == 0) {
                    blockLine = number;
                }
            }
            case "StatementEnd" -> {
                if (blockLine != 0) {
                    blockLine = 0;
                    emit();
                }
            }
            default -> throw unknownCommand(words.get(0), number);
        }
    }

    /**
     * Whether the line means to be a directive ({@code -- +migrate} in any case and spacing, after
     * any indentation) without being one: cheap for the usual line, which does not start with
     * {@code -}.
     */
    private static boolean looksLikeDirective(String line) {
        int i = 0;
        while (i < line.length() && isSpace(line.charAt(i))) {
            i++;
        }
        return line.startsWith("-", i) && DIRECTIVE_LIKE.matcher(line).find();
    }

    private MigrationParseException misspacedDirective(String line, int number) {
        if (line.strip().equals("-- +migrate")) {
            return new MigrationParseException(
                    id, number, "incomplete migration command: nothing follows '-- +migrate'");
        }
        return new MigrationParseException(
                id,
                number,
                "'" + line.strip() + "' is not a directive: a directive starts at column 0 with exactly '-- +migrate '"
                        + " followed by Up, Down, StatementBegin or StatementEnd (the Go tool would silently ignore"
                        + " this line)");
    }

    private MigrationParseException unknownCommand(String command, int number) {
        for (String known : COMMANDS) {
            if (known.equalsIgnoreCase(command)) {
                return new MigrationParseException(
                        id,
                        number,
                        "unknown migration command '" + command + "': commands are case-sensitive, write '" + known
                                + "' (the Go tool would silently ignore this line)");
            }
        }
        return new MigrationParseException(
                id,
                number,
                "unknown migration command '" + command + "': the commands are Up, Down, StatementBegin and"
                        + " StatementEnd (the Go tool would silently ignore this line)");
    }

    private void switchTo(Direction next, int number) {
        if (!statement.isBlank()) {
            throw unterminated("the '-- +migrate " + (next == Direction.UP ? "Up" : "Down") + "' on line " + number);
        }
        direction = next;
    }

    private void emit() {
        if (!statement.isBlank()) {
            boolean control = StatementKind.of(statement.head()) == StatementKind.TRANSACTION_CONTROL;
            if (direction == Direction.UP) {
                upStatements++;
                if (control && upTransactionControl == 0) {
                    upTransactionControl = statement.firstLine();
                    upControlWord = keyword(statement.head());
                }
            } else {
                downStatements++;
                if (control && downTransactionControl == 0) {
                    downTransactionControl = statement.firstLine();
                    downControlWord = keyword(statement.head());
                }
            }
            if (direction == wanted) {
                sink.accept(new SqlStatement(statement.text(), statement.firstLine()));
            }
        }
        statement.clear();
    }

    private ParsedMigration finish() {
        if (blockLine != 0) {
            throw new MigrationParseException(
                    id, blockLine, "'-- +migrate StatementBegin' has no matching '-- +migrate StatementEnd'");
        }
        if (direction == null) {
            throw new MigrationParseException(
                    id, 1, "no '-- +migrate Up' or '-- +migrate Down' directive, so there is nothing to run");
        }
        if (!statement.isBlank()) {
            throw unterminated("the end of the file");
        }
        boolean upRefused = !upNoTransaction && upTransactionControl != 0;
        boolean downRefused = !downNoTransaction && downTransactionControl != 0;
        if (upRefused && (!downRefused || upTransactionControl < downTransactionControl)) {
            throw transactionControl(Direction.UP, upTransactionControl, upControlWord);
        }
        if (downRefused) {
            throw transactionControl(Direction.DOWN, downTransactionControl, downControlWord);
        }
        return new ParsedMigration(id, upNoTransaction, downNoTransaction, upStatements, downStatements);
    }

    private MigrationParseException transactionControl(Direction in, int line, String word) {
        String section = in == Direction.UP ? "Up" : "Down";
        String hint = word.equals("begin") || word.equals("end")
                ? " (if this is part of a function or procedure body, wrap the whole body in '-- +migrate"
                        + " StatementBegin' and '-- +migrate StatementEnd')"
                : "";
        return new MigrationParseException(
                id,
                line,
                "transaction control ('" + word.toUpperCase(Locale.ROOT)
                        + "') inside a transactional migration: migrate"
                        + " runs each migration in a transaction of its own, and this statement would commit part of"
                        + " it behind migrate's back; remove it, or run the " + section + " section without a"
                        + " transaction with '-- +migrate " + section + " notransaction'" + hint);
    }

    private static String keyword(String head) {
        Matcher m = KEYWORD.matcher(SqlText.code(head, false));
        return m.find() ? m.group(1) : "";
    }

    private MigrationParseException unterminated(String where) {
        return new MigrationParseException(
                id,
                statement.firstLine(),
                "the statement starting on this line must be ended by a semicolon or '-- +migrate StatementEnd'"
                        + " before " + where);
    }

    /**
     * Whether the last word before the first word starting with {@code --} ends in {@code ;}: the
     * rule of sql-migrate's {@code endsWithSemicolon}.
     */
    static boolean endsWithSemicolon(String line) {
        char lastOfPreviousWord = 0;
        int i = 0;
        int length = line.length();
        while (true) {
            while (i < length && isSpace(line.charAt(i))) {
                i++;
            }
            if (i == length || line.startsWith("--", i)) {
                return lastOfPreviousWord == ';';
            }
            while (i < length && !isSpace(line.charAt(i))) {
                i++;
            }
            lastOfPreviousWord = line.charAt(i - 1);
        }
    }

    /** Splits on whitespace like Go's {@code strings.Fields}. */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            while (i < text.length() && isSpace(text.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < text.length() && !isSpace(text.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(text.substring(start, i));
            }
        }
        return words;
    }

    static boolean isBlank(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isSpace(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Go's {@code unicode.IsSpace}; every such character is in the BMP, so a char test suffices. */
    static boolean isSpace(char c) {
        return switch (c) {
            case ' ', '\t', '\n', '\u000B', '\f', '\r', '\u0085', '\u00A0' -> true;
            case '\u1680', '\u2028', '\u2029', '\u202F', '\u205F', '\u3000' -> true;
            default -> c >= '\u2000' && c <= '\u200A';
        };
    }

    /**
     * The statement being read. Its text is kept only while it may still be sent: when its
     * direction is the wanted one, or while it is blank (blank text carries over into the next
     * direction, as in sql-migrate). A statement of an unwanted direction costs no memory.
     */
    private static final class StatementBuffer {
        /** How much of a statement's start is kept, whatever its direction, to judge its kind. */
        private static final int HEAD_CHARS = 512;

        private final StringBuilder text = new StringBuilder();
        private final StringBuilder head = new StringBuilder();
        private int firstKeptLine;
        private int firstContentLine;

        void add(String line, int number, boolean wanted) {
            if (firstKeptLine == 0) {
                firstKeptLine = number;
            }
            if (firstContentLine == 0 && !MigrationParser.isBlank(line)) {
                firstContentLine = number;
                if (!wanted) {
                    text.setLength(0);
                }
            }
            if (wanted || firstContentLine == 0) {
                text.append(line).append('\n');
            }
            if (firstContentLine != 0 && head.length() < HEAD_CHARS) {
                head.append(line, 0, Math.min(line.length(), HEAD_CHARS - head.length()))
                        .append('\n');
            }
        }

        /** The statement's first {@value #HEAD_CHARS} characters or so, from its first non-blank line. */
        String head() {
            return head.toString();
        }

        boolean isBlank() {
            return firstContentLine == 0;
        }

        int firstLine() {
            return firstContentLine != 0 ? firstContentLine : firstKeptLine;
        }

        String text() {
            return text.toString();
        }

        void clear() {
            text.setLength(0);
            head.setLength(0);
            firstKeptLine = 0;
            firstContentLine = 0;
        }
    }
}
