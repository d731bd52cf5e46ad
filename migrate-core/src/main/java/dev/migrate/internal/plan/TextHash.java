package dev.migrate.internal.plan;

/**
 * The 64-bit hash PostgreSQL's {@code hashtextextended(text, 0)} answers for text of a
 * deterministic collation on a little-endian server: Bob Jenkins' lookup3 over the text's bytes,
 * as PostgreSQL's {@code hash_bytes_extended} computes it (the function exists since version 11,
 * and its values stay the same across versions because hash partitions are placed by them). The catalog digest sums it over the
 * history's rows, which needs no sort on either side. A big-endian server answers other values,
 * which only makes every digest differ: the rows are read then, never a wrong answer.
 * {@code TextHashTest} checks it against the server.
 */
final class TextHash {

    private TextHash() {}

    /** The hash of {@code bytes} with seed 0, as the server's signed {@code bigint}. */
    static long of(byte[] bytes) {
        int length = bytes.length;
        int a = 0x9e3779b9 + length + 3923095;
        int b = a;
        int c = a;
        int at = 0;
        int left = length;
        while (left >= 12) {
            a += word(bytes, at);
            b += word(bytes, at + 4);
            c += word(bytes, at + 8);
            // mix(a, b, c)
            a -= c;
            a ^= Integer.rotateLeft(c, 4);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 6);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 8);
            b += a;
            a -= c;
            a ^= Integer.rotateLeft(c, 16);
            c += b;
            b -= a;
            b ^= Integer.rotateLeft(a, 19);
            a += c;
            c -= b;
            c ^= Integer.rotateLeft(b, 4);
            b += a;
            at += 12;
            left -= 12;
        }
        // The last 0–11 bytes, little-endian: bytes 0–3 into a, 4–7 into b, 8–10 into c above its
        // lowest byte (which lookup3 keeps for the length).
        for (int i = 0; i < left; i++) {
            int value = bytes[at + i] & 0xff;
            if (i < 4) {
                a += value << (8 * i);
            } else if (i < 8) {
                b += value << (8 * (i - 4));
            } else {
                c += value << (8 * (i - 7));
            }
        }
        // final(a, b, c)
        c ^= b;
        c -= Integer.rotateLeft(b, 14);
        a ^= c;
        a -= Integer.rotateLeft(c, 11);
        b ^= a;
        b -= Integer.rotateLeft(a, 25);
        c ^= b;
        c -= Integer.rotateLeft(b, 16);
        a ^= c;
        a -= Integer.rotateLeft(c, 4);
        b ^= a;
        b -= Integer.rotateLeft(a, 14);
        c ^= b;
        c -= Integer.rotateLeft(b, 24);
        return ((long) b << 32) | (c & 0xffffffffL);
    }

    private static int word(byte[] bytes, int at) {
        return (bytes[at] & 0xff)
                | (bytes[at + 1] & 0xff) << 8
                | (bytes[at + 2] & 0xff) << 16
                | (bytes[at + 3] & 0xff) << 24;
    }
}
