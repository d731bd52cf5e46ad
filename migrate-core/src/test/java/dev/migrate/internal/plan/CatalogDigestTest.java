package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The Java side of the catalog digest: the rows it hashes, and when it declines. That PostgreSQL
 * answers the same for the same history is proved against the server (dev.migrate.CatalogDigestTest).
 */
class CatalogDigestTest {

    @Test
    void theRowsHashesAreSummedInAnyOrder() {
        List<Migration> migrations = List.of(
                migration("2_b.sql", "file:10:1700000000000000000"),
                migration("10_c.sql", "zip:7:abc"),
                migration("3_é.sql", "file:3:1700000000000000001"));
        CatalogDigest.Sum sum = new CatalogDigest.Sum();
        for (String row : List.of(
                "f10_c.sql/zip:7:abc",
                "f2_b.sql/file:10:1700000000000000000",
                "f3_é.sql/file:3:1700000000000000001",
                "h10_c.sql",
                "h2_b.sql",
                "h3_é.sql")) {
            sum.add(TextHash.of(row.getBytes(StandardCharsets.UTF_8)));
        }

        assertThat(CatalogDigest.compute(migrations)).isEqualTo("6:" + sum.text());
        assertThat(CatalogDigest.compute(List.of(migrations.get(2), migrations.get(0), migrations.get(1))))
                .isEqualTo("6:" + sum.text());
        assertThat(CatalogDigest.compute(List.of())).isEqualTo("0:0");
    }

    @Test
    void declinesWhatItCannotTell() {
        assertThat(CatalogDigest.compute(List.of(migration("1_a.sql", null)))).isNull();
        for (String fingerprint : List.of("", "!", "zip:1:2/x")) {
            assertThat(CatalogDigest.compute(List.of(migration("1_a.sql", fingerprint))))
                    .as(fingerprint)
                    .isNull();
        }
        assertThat(CatalogDigest.compute(List.of(migration("1_a,b.sql", "zip:1,2"))))
                .as("commas join nothing")
                .isNotNull();
    }

    @Test
    void theSameListGivesTheDigestComputedBefore() {
        CatalogDigest digest = new CatalogDigest();
        List<Migration> migrations = List.of(migration("1_a.sql", "zip:1:2"));
        String first = digest.of(migrations);
        assertThat(digest.of(migrations)).isSameAs(first);
        assertThat(digest.of(List.of(migration("1_a.sql", "zip:1:3")))).isNotEqualTo(first);
    }

    private static Migration migration(String id, @Nullable String fingerprint) {
        return new Migration(new ListedFile(id, fingerprint, null));
    }
}
