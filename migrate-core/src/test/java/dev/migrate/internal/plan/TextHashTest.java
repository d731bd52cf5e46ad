package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The catalog digest's two halves computed in Java against the server that computes them too:
 * every row's hash as PostgreSQL's {@code hashtextextended(text, 0)} answers it (every length
 * lookup3 treats apart, names beyond ASCII), and their sum as {@code sum(bigint)} writes it, also
 * where it leaves a signed 64-bit number either way.
 */
class TextHashTest {

    @Test
    void eachRowHashesAsTheServerHashesIt() throws Exception {
        List<String> texts = new ArrayList<>();
        StringBuilder ascii = new StringBuilder();
        for (int length = 0; length <= 40; length++) {
            texts.add(ascii.toString());
            ascii.append((char) ('a' + length % 26));
        }
        texts.add("h0001_create_bench_t0001.sql");
        texts.add("f0001_create_bench_t0001.sql/file:455:1733551234123456789");
        texts.add("f10_c.sql/zip:7:abc");
        texts.add("h5_café.sql");
        texts.add("h6_\uD83D\uDE00_smile.sql");
        texts.add("f7_\uFB01_ligature.sql/file:3:1700000000000000001");
        Random random = new Random(21);
        for (int i = 0; i < 200; i++) {
            char[] chars = new char[random.nextInt(70)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (random.nextBoolean() ? 0x20 + random.nextInt(0x5f) : 0xa0 + random.nextInt(0x2000));
            }
            texts.add(new String(chars));
        }

        try (TestDatabase db = TestDatabase.postgres("text_hash");
                Connection connection = db.connect();
                PreparedStatement statement = connection.prepareStatement(
                        "select hashtextextended(t collate \"C\", 0) from unnest(?::text[]) with ordinality as u(t, n)"
                                + " order by n")) {
            Array array = connection.createArrayOf("text", texts.toArray());
            statement.setArray(1, array);
            try (ResultSet rows = statement.executeQuery()) {
                for (String text : texts) {
                    assertThat(rows.next()).isTrue();
                    assertThat(TextHash.of(text.getBytes(StandardCharsets.UTF_8)))
                            .as("'%s' (%d bytes)", text, text.getBytes(StandardCharsets.UTF_8).length)
                            .isEqualTo(rows.getLong(1));
                }
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void theSumIsWrittenAsTheServerWritesIt() throws Exception {
        List<long[]> sets = List.of(
                new long[] {},
                new long[] {5, -7},
                new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 3},
                new long[] {Long.MIN_VALUE, Long.MIN_VALUE, -1},
                new long[] {Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, 1},
                new Random(7).longs(4_000).toArray());
        try (TestDatabase db = TestDatabase.postgres("text_hash_sum");
                Connection connection = db.connect();
                PreparedStatement statement =
                        connection.prepareStatement("select coalesce(sum(v), 0)::text from unnest(?::bigint[]) as v")) {
            for (long[] values : sets) {
                CatalogDigest.Sum sum = new CatalogDigest.Sum();
                Long[] boxed = new Long[values.length];
                for (int i = 0; i < values.length; i++) {
                    sum.add(values[i]);
                    boxed[i] = values[i];
                }
                statement.setArray(1, connection.createArrayOf("bigint", boxed));
                try (ResultSet row = statement.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(sum.text()).as("%d values", values.length).isEqualTo(row.getString(1));
                }
            }
        }
    }
}
