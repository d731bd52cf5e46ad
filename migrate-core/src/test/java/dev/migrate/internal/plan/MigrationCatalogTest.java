package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.migrate.MigrationParseException;
import dev.migrate.MigrationPlanException;
import dev.migrate.MigrationResource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationCatalogTest {

    /** A migration in memory that counts how often it is read. */
    static final class CountingResource implements MigrationResource {
        private final String id;
        String content;
        String version;
        int opens;

        CountingResource(String id, String content, String version) {
            this.id = id;
            this.content = content;
            this.version = version;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String location() {
            return "memory:" + id;
        }

        @Override
        public InputStream open() {
            opens++;
            return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public Optional<Object> version() {
            return Optional.ofNullable(version);
        }
    }

    private final MigrationCatalog catalog = new MigrationCatalog();

    @Test
    void ordersByMigrationOrderAndChecksumsEachFile() {
        CountingResource ten = new CountingResource("10_b.sql", "-- +migrate Up\nselect 10;\n", "v");
        CountingResource nine = new CountingResource("9_a.sql", "-- +migrate Up\nselect 9;\n", "v");

        List<Migration> migrations = catalog.load(() -> List.of(ten, nine));

        assertThat(migrations).extracting(Migration::id).containsExactly("9_a.sql", "10_b.sql");
        // sha256sum of each file's bytes, computed outside Java
        assertThat(migrations)
                .extracting(Migration::checksum)
                .containsExactly(
                        "8787b7e4d53fa36eacdf33ee0bdbfaac642868453daaae569e27a095453f0b20",
                        "92e1199a93dd8bd854b84c0471e4e1cdb921267492c06967bfb4027f46c479a7");
    }

    @Test
    void anUnchangedFileIsNotReadAgainAndAChangedOneIs() {
        CountingResource file = new CountingResource("1_a.sql", "-- +migrate Up\nselect 1;\n", "v1");

        String first = catalog.load(() -> List.of(file)).get(0).checksum();
        catalog.load(() -> List.of(file));
        assertThat(file.opens).isEqualTo(1);

        file.content = "-- +migrate Up\nselect 2;\n";
        file.version = "v2";
        String second = catalog.load(() -> List.of(file)).get(0).checksum();

        assertThat(file.opens).isEqualTo(2);
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void anUnchangedFileIsNotReadAgainWhenAnotherFileJoinsTheListing() {
        CountingResource one = new CountingResource("1_a.sql", "-- +migrate Up\nselect 1;\n", "v1");
        CountingResource two = new CountingResource("2_b.sql", "-- +migrate Up\nselect 2;\n", "v1");

        catalog.load(() -> List.of(one)).forEach(Migration::checksum);
        catalog.load(() -> List.of(one, two)).forEach(Migration::checksum);

        assertThat(one.opens).isEqualTo(1);
        assertThat(two.opens).isEqualTo(1);
    }

    @Test
    void filesWithEqualVersionsButOtherIdsAreReadEachOnTheirOwn() {
        // The version says nothing across ids: only id and version together name a file's bytes.
        String version = "same";
        CountingResource nine = new CountingResource("9_a.sql", "-- +migrate Up\nselect 9;\n", version);
        CountingResource ten = new CountingResource("10_b.sql", "-- +migrate Up\nselect 10;\n", version);

        catalog.load(() -> List.of(nine));
        List<Migration> both = catalog.load(() -> List.of(ten, nine));

        assertThat(both)
                .extracting(Migration::checksum)
                .containsExactly(
                        "8787b7e4d53fa36eacdf33ee0bdbfaac642868453daaae569e27a095453f0b20",
                        "92e1199a93dd8bd854b84c0471e4e1cdb921267492c06967bfb4027f46c479a7");
        assertThat(ten.opens).isEqualTo(1);
    }

    @Test
    void idsWhoseHashesCollideStillGetTheirOwnParse() {
        // "Aa" and "BB" have the same String.hashCode: the remembered parses meet in one bucket.
        assertThat("Aa.sql".hashCode()).isEqualTo("BB.sql".hashCode());
        String version = "same";
        CountingResource aa = new CountingResource("Aa.sql", "-- +migrate Up\nselect 9;\n", version);
        CountingResource bb = new CountingResource("BB.sql", "-- +migrate Up\nselect 10;\n", version);

        catalog.load(() -> List.of(aa));
        List<Migration> both = catalog.load(() -> List.of(aa, bb));

        assertThat(both).extracting(Migration::id).containsExactly("Aa.sql", "BB.sql");
        assertThat(both.get(1).checksum())
                .isEqualTo("92e1199a93dd8bd854b84c0471e4e1cdb921267492c06967bfb4027f46c479a7");
    }

    @Test
    void loadingReadsNoFileAndAParseTakesTheChecksumFromTheBytesItParses() {
        CountingResource file = new CountingResource("1_a.sql", "-- +migrate Up\nselect 1;\n", "v1");
        Migration migration = catalog.load(() -> List.of(file)).get(0);
        assertThat(file.opens).isZero();
        assertThat(migration.knownChecksum()).isNull();

        migration.parsed();
        assertThat(file.opens).isEqualTo(1);
        assertThat(migration.checksum())
                .isEqualTo(catalog.load(() -> List.of(file)).get(0).checksum())
                .isEqualTo(
                        new Migration(new CountingResource("1_a.sql", "-- +migrate Up\nselect 1;\n", null)).checksum());
        assertThat(file.opens).isEqualTo(1);
    }

    @Test
    void aFileWithoutVersionIsReadEveryTimeAndStillFailsWhenBrokenAndParsed() {
        CountingResource file = new CountingResource("1_a.sql", "-- +migrate Up\nselect 1;\n", null);
        catalog.load(() -> List.of(file)).get(0).checksum();
        catalog.load(() -> List.of(file)).get(0).checksum();
        assertThat(file.opens).isEqualTo(2);

        file.content = "-- +migrate Up\nselect 1\n";
        Migration broken = catalog.load(() -> List.of(file)).get(0);
        assertThat(file.opens).isEqualTo(2); // the catalog reads nothing: neither checksums nor parses
        assertThatThrownBy(broken::parsed)
                .isInstanceOf(MigrationParseException.class)
                .hasMessageContaining("1_a.sql:2");
    }

    @Test
    void aParseReadsTheFileAgainAndRefusesOtherContentThanTheChecksum() {
        CountingResource file = new CountingResource("1_a.sql", "-- +migrate Up\nselect 1;\n", null);
        Migration migration = catalog.load(() -> List.of(file)).get(0);
        migration.checksum();
        file.content = "-- +migrate Up\nselect 2;\n";

        assertThatThrownBy(migration::parsed)
                .isInstanceOf(MigrationPlanException.class)
                .hasMessageContaining("1_a.sql changed after this run read it");
    }
}
