package dev.statewise.processor.schema;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A column's SQL type: its base name and the modifiers in parentheses, {@code varchar(200)} or
 * {@code numeric(12, 2)}.
 */
public record SqlType(String base, List<Integer> modifiers) {

    private static final Pattern TEXT = Pattern.compile("([a-z ]+?)(?:\\((\\d+(?:, ?\\d+)*)\\))?");

    public SqlType {
        modifiers = List.copyOf(modifiers);
    }

    public static SqlType of(String base, Integer... modifiers) {
        return new SqlType(base, List.of(modifiers));
    }

    /** A type as a snapshot holds it, {@code varchar(200)}. */
    public static SqlType parse(String text) {
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a column type Statewise writes: " + text);
        }
        List<Integer> modifiers = m.group(2) == null ? List.of()
                : Pattern.compile(", ?").splitAsStream(m.group(2)).map(Integer::valueOf).toList();
        return new SqlType(m.group(1), modifiers);
    }

    /**
     * Whether PostgreSQL converts every value of this type to the other: widening numbers, text
     * into text of any length (a value too long fails the migration), any numeric precision, dates into timestamps, and timestamps with and without a zone.
     */
    public boolean castsTo(SqlType other) {
        List<String> bases = List.of(base, other.base);
        return equals(other)
                || Set.of("text", "varchar").containsAll(bases)
                || base.equals("integer") && Set.of("bigint", "numeric").contains(other.base)
                || base.equals("bigint") && other.base.equals("numeric")
                || base.equals("numeric") && other.base.equals("numeric")
                || base.equals("date") && Set.of("timestamp", "timestamptz").contains(other.base)
                || Set.of("timestamp", "timestamptz").containsAll(bases);
    }

    /** This type as PostgreSQL's output and jOOQ's DDL interpreter agree on it. */
    public SqlType withExplicitPrecision() {
        return (base.equals("timestamp") || base.equals("timestamptz")) && modifiers.isEmpty() ? of(base, 6) : this;
    }

    @Override
    public String toString() {
        return modifiers.isEmpty() ? base
                : base + "(" + modifiers.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")";
    }
}
