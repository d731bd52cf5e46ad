package dev.migrate.internal.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The written-out MD5 against RFC 1321's test suite and the JDK's, at every length around a block. */
class Md5Test {

    @Test
    void answersRfc1321sTestSuite() {
        assertThat(md5("")).isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
        assertThat(md5("a")).isEqualTo("0cc175b9c0f1b6a831c399e269772661");
        assertThat(md5("abc")).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
        assertThat(md5("message digest")).isEqualTo("f96b697d7cb7938d525a2f31aaf161d0");
        assertThat(md5("abcdefghijklmnopqrstuvwxyz")).isEqualTo("c3fcd3d76192e4007dfb496cca67e13b");
        assertThat(md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"))
                .isEqualTo("d174ab98d277d9f5a5611c2c9f419d9f");
        assertThat(md5("1234567890".repeat(8))).isEqualTo("57edf4a22be3c955ac49da2e2107b67a");
    }

    @Test
    void itsTableIsTheIntegerPartOfTheSines() {
        for (int i = 0; i < 64; i++) {
            assertThat(Md5.SINES[i]).as("entry %d", i).isEqualTo((int)
                    (long) (Math.abs(Math.sin(i + 1)) * 4294967296.0));
        }
    }

    @Test
    void answersAsTheJdkDoesForEveryLengthUpToFourBlocksAndALongInput() throws Exception {
        Random random = new Random(21);
        for (int length = 0; length <= 256; length++) {
            assertSame(random, length);
        }
        assertSame(random, 200_000);
    }

    private static void assertSame(Random random, int length) throws Exception {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        Md5 md5 = new Md5();
        md5.update(bytes);
        assertThat(md5.digest())
                .as("%d bytes", length)
                .isEqualTo(MessageDigest.getInstance("MD5").digest(bytes));
    }

    private static String md5(String text) {
        Md5 md5 = new Md5();
        md5.update(text.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md5.digest());
    }
}
