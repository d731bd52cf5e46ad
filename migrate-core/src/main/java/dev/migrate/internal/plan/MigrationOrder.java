package dev.migrate.internal.plan;

import dev.migrate.MigrationSourceException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

/**
 * The order of migration ids, exactly as sql-migrate sorts them; used for the files of a source
 * and for the ids in the history table alike.
 *
 * <ol>
 *   <li>If both ids start with ASCII digits and those numbers differ, the smaller number comes
 *       first: {@code 9_x} before {@code 10_x}.
 *   <li>An id that starts with a number comes before one that does not.
 *   <li>Otherwise the UTF-8 bytes of the whole ids are compared as unsigned bytes: {@code 01_e}
 *       before {@code 1_a}, {@code 3-x} before {@code 3_y}, {@code Zed} before {@code abc}.
 * </ol>
 *
 * <p>The leading number is read as a signed 64-bit integer (leading zeros allowed). An id whose
 * leading digits do not fit is rejected with a {@link MigrationSourceException} naming it; {@link
 * #sort} checks every id before it compares any, and {@link #validate(String)} checks one.
 *
 * <p>Comparing UTF-8 bytes gives the same result as comparing Unicode code points, which is what
 * this class does; it differs from {@link String#compareTo(String)}, which compares UTF-16 units
 * (for example {@code U+FF61} sorts before {@code U+1F600} here, after it in {@code compareTo}).
 */
public final class MigrationOrder implements Comparator<String> {

    /** The one instance; it holds no state. */
    public static final MigrationOrder INSTANCE = new MigrationOrder();

    private static final long NO_NUMBER = -1;

    private MigrationOrder() {}

    /**
     * Checks that an id can be ordered: its leading digits, if any, fit a signed 64-bit integer.
     *
     * @throws MigrationSourceException naming the id if they do not
     */
    public static void validate(String id) {
        leadingNumber(id);
    }

    /**
     * Sorts {@code items} by their ids in this order, reading each id's leading number once (a
     * sort through {@link #compare} reads two at every comparison, and listing sorts every call).
     * Checks every id first, as {@link #validate(String)} does.
     *
     * @param items a modifiable list, sorted in place
     * @param id the id of an item
     * @throws MigrationSourceException naming the first id whose number does not fit
     */
    public static <T> void sort(List<T> items, Function<? super T, String> id) {
        SortKey[] keys = new SortKey[items.size()];
        for (int i = 0; i < keys.length; i++) {
            T item = items.get(i);
            String itemId = id.apply(item);
            keys[i] = new SortKey(leadingNumber(itemId), itemId, item);
        }
        Arrays.sort(keys);
        for (int i = 0; i < keys.length; i++) {
            @SuppressWarnings("unchecked")
            T item = (T) keys[i].item;
            items.set(i, item);
        }
    }

    /** An item with its id's leading number read once. */
    private static final class SortKey implements Comparable<SortKey> {
        private final long number;
        private final String id;
        private final Object item;

        SortKey(long number, String id, Object item) {
            this.number = number;
            this.id = id;
            this.item = item;
        }

        @Override
        public int compareTo(SortKey other) {
            return MigrationOrder.compare(number, id, other.number, other.id);
        }
    }

    @Override
    public int compare(String a, String b) {
        return compare(leadingNumber(a), a, leadingNumber(b), b);
    }

    private static int compare(long numberA, String a, long numberB, String b) {
        if (numberA != numberB) {
            // NO_NUMBER (-1) is below every real number, but "no number" must sort last.
            if (numberA == NO_NUMBER) {
                return 1;
            }
            if (numberB == NO_NUMBER) {
                return -1;
            }
            return Long.compare(numberA, numberB);
        }
        return compareUtf8(a, b);
    }

    /** The number the id starts with, or {@link #NO_NUMBER} when it starts with no ASCII digit. */
    private static long leadingNumber(String id) {
        int end = 0;
        while (end < id.length() && isAsciiDigit(id.charAt(end))) {
            end++;
        }
        if (end == 0) {
            return NO_NUMBER;
        }
        try {
            return Long.parseLong(id, 0, end, 10);
        } catch (NumberFormatException e) {
            throw new MigrationSourceException("Migration id " + id + " starts with the number "
                    + id.substring(0, end) + ", which does not fit a signed 64-bit integer;"
                    + " sql-migrate cannot order it either. Rename the file.");
        }
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** Unsigned UTF-8 byte order, computed as code point order without encoding. */
    private static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int cpA = a.codePointAt(i);
            int cpB = b.codePointAt(j);
            if (cpA != cpB) {
                return Integer.compare(cpA, cpB);
            }
            i += Character.charCount(cpA);
            j += Character.charCount(cpB);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
