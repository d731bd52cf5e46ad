package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationSourceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MigrationOrderTest {

    private final MigrationOrder order = MigrationOrder.INSTANCE;

    @ParameterizedTest(name = "{0} < {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # from docs/format.md
            9_x                           | 10_x
            01_e                          | 1_a
            3-x                           | 3_y
            Zed                           | abc
            # a number sorts before no number, whatever the bytes say
            999_x                         | _x
            1_z                           | A
            99999                         | abc0.sql
            0abc.sql                      | 99999
            # '-' and '+' are not digits: no number
            5_x                           | -1_x
            5_x                           | +1_x
            # equal numbers fall back to bytes
            1.sql                         | 1_a.sql
            10                            | 10a
            1_a.sql                       | 1_b.sql
            2024_x                        | 20240101_x
            20240101120000-add_users.sql  | 20240101120001-add_orders.sql
            # leading zeros are allowed however many
            00000000000000000000001_a     | 2_a
            # the 64-bit edge
            9223372036854775806_x         | 9223372036854775807_x
            # only ASCII digits count as a number (Arabic-Indic one, fullwidth one)
            2_x                           | \u0661_x
            2_x                           | \uFF11_x
            # UTF-8 bytes of non-ASCII text
            z                             | \u00E9
            \uFF61                        | \uD83D\uDE00
            a                             | ab
            ''                            | a
            """)
    void ordersPairs(String a, String b) {
        assertThat(order.compare(a, b)).as("%s vs %s", a, b).isNegative();
        assertThat(order.compare(b, a)).as("%s vs %s", b, a).isPositive();
        assertThat(order.compare(a, a)).isZero();
    }

    @Test
    void differsFromUtf16OrderAboveTheSurrogateRange() {
        String halfwidthStop = "\uFF61";
        String emoji = "\uD83D\uDE00";
        assertThat(halfwidthStop.compareTo(emoji)).isPositive();
        assertThat(order.compare(halfwidthStop, emoji)).isNegative();
        assertThat(order.compare("1_" + halfwidthStop, "1_" + emoji)).isNegative();
    }

    @Test
    void sortsAListAsSqlMigrateDoes() {
        List<String> expected = List.of(
                "01_e.sql",
                "1.sql",
                "1_a.sql",
                "3-x.sql",
                "3_y.sql",
                "9_x.sql",
                "10_x.sql",
                "20240101120000-add_users.sql",
                "9223372036854775807_last_number.sql",
                "Zed.sql",
                "abc.sql",
                "\u00E9t\u00E9.sql");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(42));

        shuffled.sort(order);

        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    @Test
    void isAConsistentTotalOrder() {
        List<String> ids = List.of("", "0", "00", "1", "01", "1a", "1_a", "a", "Zed", "_", "\uFF61", "\uD83D\uDE00");
        for (String a : ids) {
            for (String b : ids) {
                assertThat(Integer.signum(order.compare(a, b)))
                        .as("%s vs %s", a, b)
                        .isEqualTo(-Integer.signum(order.compare(b, a)));
                if (a.equals(b)) {
                    assertThat(order.compare(a, b)).isZero();
                } else {
                    assertThat(order.compare(a, b)).as("%s vs %s", a, b).isNotZero();
                }
            }
        }
    }

    @Test
    void agreesWithParsingTheNumbersAndComparingUtf8BytesOnRandomIds() {
        java.util.Random random = new java.util.Random(20261125);
        String[] tails = {"", "_a.sql", "-b.sql", "_A.sql", "x", "\u00e9.sql", "_\ud83d\ude00.sql"};
        for (int i = 0; i < 20_000; i++) {
            String a = randomId(random, tails);
            String b = randomId(random, tails);
            assertThat(Integer.signum(order.compare(a, b)))
                    .as("%s vs %s", a, b)
                    .isEqualTo(Integer.signum(reference(a, b)));
        }
    }

    private static String randomId(java.util.Random random, String[] tails) {
        StringBuilder id = new StringBuilder();
        int digits = random.nextInt(5) == 0 ? 0 : 1 + random.nextInt(18);
        for (int d = 0; d < digits; d++) {
            id.append(random.nextInt(4) == 0 ? '0' : (char) ('0' + random.nextInt(10)));
        }
        return id.append(tails[random.nextInt(tails.length)]).toString();
    }

    /** docs/format.md's order, computed the slow and obvious way. */
    private static int reference(String a, String b) {
        Long numberA = leading(a);
        Long numberB = leading(b);
        if (numberA != null && numberB != null && !numberA.equals(numberB)) {
            return Long.compare(numberA, numberB);
        }
        if (numberA == null ^ numberB == null) {
            return numberA != null ? -1 : 1;
        }
        return java.util.Arrays.compareUnsigned(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Long leading(String id) {
        int end = 0;
        while (end < id.length() && id.charAt(end) >= '0' && id.charAt(end) <= '9') {
            end++;
        }
        return end == 0 ? null : Long.parseLong(id.substring(0, end));
    }

    @Test
    void rejectsANumberBeyondSigned64BitsNamingTheId() {
        String id = "9223372036854775808_too_big.sql";

        assertThatThrownBy(() -> MigrationOrder.validate(id))
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining(id);
        assertThatThrownBy(() -> order.compare(id, "1_a.sql"))
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining(id);
        assertThatThrownBy(() -> order.compare("abc.sql", id))
                .isInstanceOf(MigrationSourceException.class)
                .hasMessageContaining(id);
    }

    @Test
    void acceptsIdsThatFit() {
        assertThatCode(() -> MigrationOrder.validate("9223372036854775807_max.sql"))
                .doesNotThrowAnyException();
        assertThatCode(() -> MigrationOrder.validate("0000000000000000000000000000042_zeros.sql"))
                .doesNotThrowAnyException();
        assertThatCode(() -> MigrationOrder.validate("no_number.sql")).doesNotThrowAnyException();
        assertThatCode(() -> MigrationOrder.validate("")).doesNotThrowAnyException();
    }
}
