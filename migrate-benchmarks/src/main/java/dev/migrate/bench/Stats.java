package dev.migrate.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Min, median and max of a few measured values (seconds, counts, rates). The median of an even
 * number of values is the mean of the two middle ones.
 */
record Stats(List<Double> values) {

    Stats {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        values = List.copyOf(sorted);
    }

    /** Stats of durations given in nanoseconds, in seconds. */
    static Stats ofNanosAsSeconds(List<Long> nanos) {
        return new Stats(nanos.stream().map(n -> n / 1e9).toList());
    }

    double min() {
        return values.get(0);
    }

    double max() {
        return values.get(values.size() - 1);
    }

    double median() {
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /** {@code min / median / max} with the given number of decimals. */
    String format(int decimals) {
        return fmt(min(), decimals) + " / " + fmt(median(), decimals) + " / " + fmt(max(), decimals);
    }

    /** The ratio of this median to another's, e.g. migrate's over Flyway's. */
    double medianRatio(Stats peer) {
        return median() / peer.median();
    }

    static String fmt(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
