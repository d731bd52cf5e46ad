package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrationResource;
import dev.migrate.internal.checksum.Fingerprinted;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The Java side of the catalog digest: the text it hashes, and when it declines. That PostgreSQL
 * answers the same for the same history is proved against the server (dev.migrate.CatalogDigestTest).
 */
class CatalogDigestTest {

    @Test
    void theRowsAreSortedByTheirBytesAndJoinedByCommas() throws Exception {
        List<Migration> migrations = List.of(
                migration("2_b.sql", "file:10:1700000000000000000"),
                migration("10_c.sql", "zip:7:abc"),
                migration("3_é.sql", "file:3:1700000000000000001"));
        String text = "f10_c.sql/zip:7:abc,f2_b.sql/file:10:1700000000000000000,f3_é.sql/file:3:1700000000000000001,"
                + "h10_c.sql,h2_b.sql,h3_é.sql";
        String md5 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));

        assertThat(CatalogDigest.compute(migrations)).isEqualTo("6:" + md5);
        assertThat(CatalogDigest.compute(List.of())).isEqualTo("0:" + md5(""));
    }

    @Test
    void declinesWhatItCannotTell() {
        assertThat(CatalogDigest.compute(List.of(migration("1_a.sql", null)))).isNull();
        assertThat(CatalogDigest.compute(List.of(migration("1_a,b.sql", "zip:1:2"))))
                .isNull();
        for (String fingerprint : List.of("", "!", "zip:1:2/x", "zip:1,2")) {
            assertThat(CatalogDigest.compute(List.of(migration("1_a.sql", fingerprint))))
                    .as(fingerprint)
                    .isNull();
        }
    }

    @Test
    void theSameListGivesTheDigestComputedBefore() {
        CatalogDigest digest = new CatalogDigest();
        List<Migration> migrations = List.of(migration("1_a.sql", "zip:1:2"));
        String first = digest.of(migrations);
        assertThat(digest.of(migrations)).isSameAs(first);
        assertThat(digest.of(List.of(migration("1_a.sql", "zip:1:3")))).isNotEqualTo(first);
    }

    private static String md5(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static Migration migration(String id, @Nullable String fingerprint) {
        return new Migration(new Listed(id, fingerprint));
    }

    private record Listed(String id, @Nullable String fingerprint) implements MigrationResource, Fingerprinted {
        @Override
        public String location() {
            return id;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(new byte[0]);
        }
    }
}
