package dev.migrate.internal.plan;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The catalog digest a history holding exactly these migrations has: each applied, and recorded
 * by migrate with the fingerprint it is listed with now, bound to the checksum recorded beside it
 * (the text is defined in {@link dev.migrate.internal.dialect.Dialect#catalogDigest}). When the
 * database answers the same, nothing is pending, no applied id is unknown, nothing failed or
 * carries a running mark, and by the trust rule no applied file changed: an {@code up} has
 * nothing to do, and finds that out without reading the history's rows. Any other history gives
 * another answer, and the run reads the rows and plans as always.
 */
public final class CatalogDigest {

    /** The last catalog list and its digest: the same list object gives the same digest. */
    private record Computed(
            List<Migration> migrations, @Nullable String digest) {}

    private volatile @Nullable Computed last;

    /** Nothing computed yet: one per Migrator (see {@link dev.migrate.internal.run.RunMemory}). */
    public CatalogDigest() {}

    /**
     * The digest of {@code migrations}, computed again only for another list than last time (the
     * catalog hands out the very same list while nothing changed); null as in {@link #compute}.
     */
    public @Nullable String of(List<Migration> migrations) {
        Computed known = last;
        if (known != null && known.migrations() == migrations) {
            return known.digest();
        }
        String digest = compute(migrations);
        last = new Computed(migrations, digest);
        return digest;
    }

    /**
     * The digest, or null when it cannot tell: a migration without a fingerprint (only its bytes
     * can tell whether it changed), or a fingerprint the side table's text could not hold as one
     * (empty, {@code !}, or with the slash that ends it there).
     */
    static @Nullable String compute(List<Migration> migrations) {
        Sum sum = new Sum();
        for (Migration migration : migrations) {
            String id = migration.id();
            String fingerprint = migration.fingerprint();
            if (fingerprint == null
                    || fingerprint.isEmpty()
                    || fingerprint.equals("!")
                    || fingerprint.indexOf('/') >= 0) {
                return null;
            }
            sum.add(TextHash.of(row('f', id, fingerprint)));
            sum.add(TextHash.of(row('h', id, null)));
        }
        return new StringBuilder()
                .append(2L * migrations.size())
                .append(':')
                .append(sum.text())
                .toString();
    }

    /**
     * One row's UTF-8 bytes: the kind's letter, the id, and a slash and the fingerprint if given,
     * copied together from the id's and the fingerprint's own bytes rather than built as a String
     * first (a StringBuilder growing, a String, then its encoding): this runs twice per migration,
     * in a new Migrator's first call before the JIT has compiled much of it, where building each row
     * through a String cost 8–11 ms for 2,000 migrations and this about 1 (docs/benchmarks.md,
     * "Rows built as bytes").
     */
    private static byte[] row(char kind, String id, @Nullable String fingerprint) {
        byte[] name = id.getBytes(StandardCharsets.UTF_8);
        byte[] print = fingerprint == null ? null : fingerprint.getBytes(StandardCharsets.UTF_8);
        byte[] row = new byte[1 + name.length + (print == null ? 0 : 1 + print.length)];
        row[0] = (byte) kind;
        System.arraycopy(name, 0, row, 1, name.length);
        if (print != null) {
            row[1 + name.length] = '/';
            System.arraycopy(print, 0, row, 2 + name.length, print.length);
        }
        return row;
    }

    /**
     * A sum of signed 64-bit values as PostgreSQL's {@code sum(bigint)} answers it, exactly: a
     * 128-bit two's complement number, which no count of rows this digest sums can overflow.
     */
    static final class Sum {
        private long high;
        private long low;

        void add(long value) {
            long sum = low + value;
            high += value >> 63; // the value's sign, extended into the high word
            if (Long.compareUnsigned(sum, low) < 0) {
                high++; // a carry out of the low word
            }
            low = sum;
        }

        /** In decimal, as the server writes a numeric without a fraction. */
        String text() {
            if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
                return Long.toString(low);
            }
            return BigInteger.valueOf(high)
                    .shiftLeft(64)
                    .add(new BigInteger(Long.toUnsignedString(low)))
                    .toString();
        }
    }
}
