package dev.migrate.internal.checksum;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FingerprintRuleTest {

    @Test
    void fileTimesAreTrustedFromTheSecondOfJanuary1980() {
        assertThat(Fingerprint.TRUSTED_FROM).isEqualTo(Instant.parse("1980-01-02T00:00:00Z"));
        Instant from = Instant.parse("1980-01-02T00:00:00Z");
        assertThat(Fingerprint.ofFile(10, FileTime.from(from.minusNanos(1)))).isNull();
        assertThat(Fingerprint.ofFile(10, FileTime.from(Instant.parse("1980-01-01T00:00:00Z"))))
                .isNull();
        assertThat(Fingerprint.ofFile(10, FileTime.from(Instant.ofEpochSecond(1))))
                .isNull();
        assertThat(Fingerprint.ofFile(10, FileTime.from(from))).isEqualTo("file:10:" + 315_619_200_000_000_000L);
    }

    @Test
    void aRecordedFingerprintIsBoundToTheStartOfItsChecksum() {
        assertThat(Fingerprint.bound("zip:5:abc", "0123456789abcdef0123")).isEqualTo("zip:5:abc/0123456789abcdef");
        assertThat(Fingerprint.ofZipEntry(-1, 5)).isNull();
        assertThat(Fingerprint.ofZipEntry(5, -1)).isNull();
    }
}
