package dev.statewise.processor.checks;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for a misspelt name: the closest known name, if it is close enough. */
public final class Suggestions {

    private Suggestions() {}

    /** The hint after an unknown name: a suggestion when one is close, then the known names. */
    public static String hint(String unknown, Collection<String> known, String what, String owner) {
        String list = known.isEmpty() ? "none" : String.join(", ", known);
        return closest(unknown, known)
                .map(c -> "did you mean " + c + "? (the " + what + " of " + owner + ": " + list + ")")
                .orElse("the " + what + " of " + owner + " are: " + list);
    }

    static Optional<String> closest(String unknown, Collection<String> known) {
        String target = unknown.toLowerCase(Locale.ROOT);
        return known.stream()
                .min(Comparator.comparingInt((String k) -> distance(target, k.toLowerCase(Locale.ROOT)))
                        .thenComparing(Comparator.naturalOrder()))
                .filter(k -> distance(target, k.toLowerCase(Locale.ROOT)) <= Math.max(2, unknown.length() / 3));
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
