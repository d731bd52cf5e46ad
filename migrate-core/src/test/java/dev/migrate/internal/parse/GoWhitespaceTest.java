package dev.migrate.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whitespace is what Go's {@code unicode.IsSpace} says it is (the parser splits words and decides
 * blankness with it): checked for every character of the Basic Multilingual Plane, where all of
 * them live.
 */
class GoWhitespaceTest {

    /** Go's {@code unicode.IsSpace}: Latin-1's six and U+0085, U+00A0, then the Unicode White_Space set. */
    private static boolean goIsSpace(int c) {
        return switch (c) {
            case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0 -> true;
            case 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> 0x2000 <= c && c <= 0x200A;
        };
    }

    @Test
    void isSpaceAgreesWithGoForEveryCharacter() {
        List<String> disagreements = new ArrayList<>();
        for (int c = Character.MIN_VALUE; c <= Character.MAX_VALUE; c++) {
            if (MigrationParser.isSpace((char) c) != goIsSpace(c)) {
                disagreements.add(String.format("U+%04X", c));
            }
        }
        assertThat(disagreements).isEmpty();
    }

    @Test
    void theRangeEndsAreSpacesAndTheirNeighboursAreNot() {
        assertThat(MigrationParser.isSpace('\u2000')).isTrue();
        assertThat(MigrationParser.isSpace('\u200A')).isTrue();
        assertThat(MigrationParser.isSpace('\u1FFF')).isFalse();
        assertThat(MigrationParser.isSpace('\u200B'))
                .as("zero width space is not White_Space")
                .isFalse();
    }
}
