package dev.migrate.internal.plan;

/**
 * MD5 (RFC 1321), written out, for the {@linkplain CatalogDigest catalog digest} only: a check that
 * the history holds what the files say, compared with PostgreSQL's {@code md5()}, never a security
 * measure. Not {@code MessageDigest}: on a no-op boot it is the only digest a JVM computes, and in
 * a fresh JVM the first one loads the security providers, the digest's classes and its byte-array
 * views. The catalog digest of 200 migrations in a fresh JVM, medians of 10: 24.7 ms through
 * {@code MessageDigest} where nothing had loaded the providers yet, 7.9 ms where something had,
 * 5.0–5.3 ms with this class (docs/benchmarks.md, "The catalog digest").
 */
final class Md5 {

    private static final int[] SHIFTS = {
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
    };

    /**
     * The integer part of |sin(i + 1)| · 2³², RFC 1321's table, written out rather than computed
     * at class initialisation (64 {@code StrictMath.sin} calls in the interpreter); Md5Test checks
     * it against the sines.
     */
    static final int[] SINES = {
        0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee,
        0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
        0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be,
        0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
        0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa,
        0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
        0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
        0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
        0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c,
        0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
        0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05,
        0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
        0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039,
        0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
        0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1,
        0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391
    };

    private final byte[] block = new byte[64];
    private final int[] words = new int[16];
    private int filled;
    private long length;
    private int a = 0x67452301;
    private int b = 0xefcdab89;
    private int c = 0x98badcfe;
    private int d = 0x10325476;

    void update(byte value) {
        block[filled++] = value;
        length++;
        if (filled == 64) {
            compress();
        }
    }

    void update(byte[] bytes) {
        // in blocks rather than byte by byte: a fresh JVM runs this in the interpreter
        int from = 0;
        while (from < bytes.length) {
            int count = Math.min(64 - filled, bytes.length - from);
            System.arraycopy(bytes, from, block, filled, count);
            filled += count;
            from += count;
            if (filled == 64) {
                compress();
            }
        }
        length += bytes.length;
    }

    /** The digest of everything given; this object is spent afterwards. */
    byte[] digest() {
        long bits = length * 8;
        update((byte) 0x80);
        while (filled != 56) {
            update((byte) 0);
        }
        for (int i = 0; i < 8; i++) {
            update((byte) (bits >>> (8 * i)));
        }
        byte[] out = new byte[16];
        int[] state = {a, b, c, d};
        for (int i = 0; i < 16; i++) {
            out[i] = (byte) (state[i / 4] >>> (8 * (i % 4)));
        }
        return out;
    }

    private void compress() {
        for (int i = 0; i < 16; i++) {
            words[i] = (block[4 * i] & 0xff)
                    | (block[4 * i + 1] & 0xff) << 8
                    | (block[4 * i + 2] & 0xff) << 16
                    | (block[4 * i + 3] & 0xff) << 24;
        }
        int aa = a;
        int bb = b;
        int cc = c;
        int dd = d;
        for (int i = 0; i < 64; i++) {
            int f;
            int g;
            if (i < 16) {
                f = (bb & cc) | (~bb & dd);
                g = i;
            } else if (i < 32) {
                f = (dd & bb) | (~dd & cc);
                g = (5 * i + 1) % 16;
            } else if (i < 48) {
                f = bb ^ cc ^ dd;
                g = (3 * i + 5) % 16;
            } else {
                f = cc ^ (bb | ~dd);
                g = (7 * i) % 16;
            }
            f += aa + SINES[i] + words[g];
            aa = dd;
            dd = cc;
            cc = bb;
            bb += Integer.rotateLeft(f, SHIFTS[i]);
        }
        a += aa;
        b += bb;
        c += cc;
        d += dd;
        filled = 0;
    }
}
