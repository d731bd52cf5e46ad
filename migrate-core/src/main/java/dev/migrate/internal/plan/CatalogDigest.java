package dev.migrate.internal.plan;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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

    private static final Comparator<byte[]> BYTE_ORDER = new ByteOrder();

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
     * can tell whether it changed), or a name or fingerprint with a character the digest's text
     * uses to separate its parts.
     */
    static @Nullable String compute(List<Migration> migrations) {
        List<byte[]> rows = new ArrayList<>(migrations.size() * 2);
        for (Migration migration : migrations) {
            String id = migration.id();
            String fingerprint = migration.fingerprint();
            if (fingerprint == null
                    || id.indexOf(',') >= 0
                    || fingerprint.isEmpty()
                    || fingerprint.equals("!")
                    || fingerprint.indexOf(',') >= 0
                    || fingerprint.indexOf('/') >= 0) {
                return null;
            }
            rows.add(row('f', id, fingerprint));
        }
        // Every f row sorts before every h row, and the catalog's order (by version) is most often
        // byte order too: added in this order, the sort below mostly finds two runs in order.
        for (Migration migration : migrations) {
            rows.add(row('h', migration.id(), null));
        }
        // Without a comma in any row, the joined text splits back into exactly these rows: a
        // history whose rows are other text (one with a comma in it included) gives another.
        rows.sort(BYTE_ORDER);
        Md5 md5 = new Md5();
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                md5.update((byte) ',');
            }
            md5.update(rows.get(i));
        }
        return rows.size() + ":" + hex(md5.digest());
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

    /** Lower-case hex, as PostgreSQL's {@code md5()} answers (not HexFormat: one class fewer to load). */
    private static String hex(byte[] bytes) {
        char[] digits = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            digits[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            digits[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new String(digits);
    }

    /** The byte order of UTF-8 text, which is the order of its code points: {@code collate "C"}. */
    private static final class ByteOrder implements Comparator<byte[]> {
        @Override
        public int compare(byte[] a, byte[] b) {
            return Arrays.compareUnsigned(a, b);
        }
    }
}
