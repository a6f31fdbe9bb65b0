package dev.statewise.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Repeated measurements of one thing: the median, and the range the rounds spread over. */
record Spread(double median, double min, double max) {

    static Spread of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("No measurements");
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Spread(median, sorted.get(0), sorted.get(n - 1));
    }

    /** Round by round, a / b: pairing rounds cancels the drift of a shared machine between them. */
    static Spread ofRatios(List<Double> a, List<Double> b) {
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            ratios.add(a.get(i) / b.get(i));
        }
        return of(ratios);
    }

    /** Round by round, a - b. */
    static Spread ofDifferences(List<Double> a, List<Double> b) {
        List<Double> differences = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            differences.add(a.get(i) - b.get(i));
        }
        return of(differences);
    }

    /** The median and the range in one format, for example {@code "%.2f"} gives "0.81 (0.77..0.85)". */
    String format(String number) {
        return String.format(Locale.ROOT, number + " (" + number + ".." + number + ")", median, min, max);
    }
}
