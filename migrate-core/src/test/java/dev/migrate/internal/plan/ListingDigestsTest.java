package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.migrate.MigrationResource;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The digests shared by the Migrators of a JVM: found only for the very same listing (same ids, equal
 * versions, same order), never for a resource without a version, and bounded. That a Migrator built
 * later answers from them, and still finds what changed, is proved against PostgreSQL
 * (dev.migrate.CatalogDigestTest).
 */
class ListingDigestsTest {

    @Test
    void theSameFilesAtTheSameVersionsGiveTheDigestKept() {
        ListingDigests digests = new ListingDigests();
        digests.remember(List.of(file("1_a.sql", "v1"), file("2_b.sql", "v1")), "2:abc");

        assertThat(digests.of(List.of(file("1_a.sql", "v1"), file("2_b.sql", "v1"))))
                .isEqualTo("2:abc");
        assertThat(digests.of(List.of(file("1_a.sql", "v1"), file("2_b.sql", "v2"))))
                .as("an edited file")
                .isNull();
        assertThat(digests.of(List.of(file("1_a.sql", "v1"), file("3_b.sql", "v1"))))
                .as("a renamed file")
                .isNull();
        assertThat(digests.of(List.of(file("1_a.sql", "v1"))))
                .as("a removed file")
                .isNull();
        assertThat(digests.of(List.of(file("2_b.sql", "v1"), file("1_a.sql", "v1"))))
                .as("listed in another order")
                .isNull();
        assertThat(digests.of(List.of(file("1_a.sql", "v1"), file("2_b.sql", null))))
                .as("a file without a version")
                .isNull();
    }

    @Test
    void aListingWithAFileWithoutAVersionOrAboveTheBoundIsNotKept() {
        ListingDigests digests = new ListingDigests();
        digests.remember(List.of(file("1_a.sql", null)), "1:abc");
        List<MigrationResource> many = new ArrayList<>();
        for (int i = 0; i <= ListingDigests.MAX_LISTED; i++) {
            many.add(file(i + "_a.sql", "v"));
        }
        digests.remember(many, "many:abc");

        assertThat(digests.size()).isZero();
    }

    @Test
    void theOldestListingGoesFirst() {
        ListingDigests digests = new ListingDigests();
        for (int i = 0; i <= ListingDigests.MAX_LISTINGS; i++) {
            digests.remember(List.of(file(i + "_a.sql", "v")), "1:" + i);
        }

        assertThat(digests.size()).isEqualTo(ListingDigests.MAX_LISTINGS);
        assertThat(digests.of(List.of(file("0_a.sql", "v")))).isNull();
        assertThat(digests.of(List.of(file("1_a.sql", "v")))).isEqualTo("1:1");
        assertThat(digests.of(List.of(file(ListingDigests.MAX_LISTINGS + "_a.sql", "v"))))
                .isEqualTo("1:" + ListingDigests.MAX_LISTINGS);
    }

    private static MigrationResource file(String id, @Nullable String version) {
        return new ListedFile(id, null, version);
    }
}
